from django.urls import path

from relais.www.accounts import views

app_name = "accounts"
urlpatterns = [
    path("moi/", views.me, name="me"),
    path("moi/deconnecter-partout/", views.sign_out_all, name="sign_out_all"),
    path("confirmer/", views.reauth, name="reauth"),
    path("blocages/", views.lockout_list, name="lockout_list"),
    path("blocages/<int:pk>/debloquer/", views.lockout_unlock, name="lockout_unlock"),
    path("evenements-de-securite/", views.security_events, name="security_events"),
]
