from django.urls import path

from relais.www.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.structure_list, name="structure_list"),
    path("nouvelle/", views.structure_create_view, name="structure_create"),
    path("import/", views.import_view, name="import"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<slug:code>/", views.programme_detail, name="programme_detail"),
    path("places/<int:pk>/", views.place_edit, name="place_edit"),
    path("places/<int:pk>/service/", views.place_service, name="place_service"),
    path("<int:pk>/", views.structure_detail, name="structure_detail"),
    path("<int:pk>/modifier/", views.structure_edit, name="structure_edit"),
    path("<int:pk>/places/ajouter/", views.places_add_view, name="places_add"),
]
