from django.urls import path

from relais.www.rights import views

app_name = "rights"
urlpatterns = [
    path("personnes/<uuid:person_id>/droits/", views.person_rights, name="person_rights"),
    path("personnes/<uuid:person_id>/droits/export.json", views.export_json, name="export_json"),
    path("personnes/<uuid:person_id>/droits/export.pdf", views.export_pdf, name="export_pdf"),
    path("personnes/<uuid:person_id>/droits/effacer/", views.erase, name="erase"),
]
