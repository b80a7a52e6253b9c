from django.urls import path

from relais.www.sites import views

app_name = "sites"
urlpatterns = [
    path("", views.site_list, name="list"),
    path("carte/", views.site_map, name="map"),
    path("nouveau/", views.site_create_view, name="create"),
    path("services/<int:pk>/retrait/", views.service_end, name="service_end"),
    path("evacuations/<int:pk>/reformation/", views.displacement_reappearance, name="reappearance"),
    path("<int:pk>/", views.site_detail, name="detail"),
    path("<int:pk>/modifier/", views.site_edit, name="edit"),
    path("<int:pk>/statut/", views.status_add, name="status_add"),
    path("<int:pk>/services/", views.service_add, name="service_add"),
    path("<int:pk>/observations/", views.observation_add, name="observation_add"),
    path("<int:pk>/activite/", views.activity_week, name="activity_week"),
    path("<int:pk>/operations/", views.operation_add, name="operation_add"),
    path("<int:pk>/evacuations/", views.displacement_add, name="displacement_add"),
]
