from django.urls import path

from relais.www.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.index, name="index"),
    path("comite/", views.comite, name="comite"),
    path("coordination/", views.coordination, name="coordination"),
    path("operateur/", views.operateur, name="operateur"),
    path("police/", views.police, name="police"),
    path("comite/export/<slug:table_id>.<str:fmt>", views.comite_export, name="comite_export"),
    path("coordination/export/<slug:table_id>.<str:fmt>", views.coordination_export, name="coordination_export"),
    path("operateur/export/<slug:table_id>.<str:fmt>", views.operateur_export, name="operateur_export"),
    path("police/export/<slug:table_id>.<str:fmt>", views.police_export, name="police_export"),
    path("indicateurs/", views.catalogue, name="catalogue"),
    path("indicateurs/<slug:code>/", views.definition, name="definition"),
]
