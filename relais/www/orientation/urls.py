from django.urls import path

from relais.www.orientation import views

app_name = "orientation"
urlpatterns = [
    path("", views.waiting_list_view, name="waiting_list"),
    path("regles/", views.rules_list, name="rules_list"),
    path("regles/v<int:version>/", views.rules_detail, name="rules_detail"),
    path("regles/v<int:version>/appliquer/", views.rules_apply, name="rules_apply"),
    path("capacite/", views.capacity_view, name="capacity"),
    path("capacite/citer/", views.capacity_quote, name="capacity_quote"),
    path("attributions/", views.allocation_list, name="allocation_list"),
    path("attributions/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("attributions/<int:pk>/envoyer/", views.allocation_send_view, name="allocation_send"),
    path("personnes/<uuid:person_id>/vulnerabilite/", views.flag_set, name="flag_set"),
    path("personnes/<uuid:person_id>/vulnerabilite/retirer/", views.flag_remove, name="flag_remove"),
    path("personnes/<uuid:person_id>/attente/", views.wait_add, name="wait_add"),
    path("attentes/<int:pk>/terminer/", views.wait_end, name="wait_end"),
]
