from django.urls import path

from relais.www.accounts import break_glass, views

app_name = "accounts"
urlpatterns = [
    path("moi/", views.me, name="me"),
    path("moi/deconnecter-partout/", views.sign_out_all, name="sign_out_all"),
    path("confirmer/", views.reauth, name="reauth"),
    path("second-facteur/", views.second_factor, name="second_factor"),
    path("second-facteur/activer/", views.second_factor_enrol, name="second_factor_enrol"),
    path("second-facteur/codes-de-secours/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("demandes-d-acces/", views.access_requests, name="access_requests"),
    path("demandes-d-acces/<int:pk>/traitee/", views.access_request_done, name="access_request_done"),
    path("bris-de-glace/", break_glass.open_access, name="break_glass_open"),
    path("bris-de-glace/revue/", break_glass.review_list, name="break_glass_review"),
    path("bris-de-glace/<int:pk>/examiner/", break_glass.review, name="break_glass_reviewed"),
    path("bris-de-glace/par-utilisateur/", break_glass.by_user, name="break_glass_by_user"),
    path("utilisateurs/", views.user_list, name="user_list"),
    path(
        "utilisateurs/<int:pk>/second-facteur/reinitialiser/",
        views.second_factor_reset_view,
        name="second_factor_reset",
    ),
    path("blocages/", views.lockout_list, name="lockout_list"),
    path("blocages/<int:pk>/debloquer/", views.lockout_unlock, name="lockout_unlock"),
    path("evenements-de-securite/", views.security_events, name="security_events"),
]
