from django.urls import path

from relais.www.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.access_log, name="access_log"),
    path("verification/", views.verify, name="verify"),
    path("habilitations/", views.rights, name="rights"),
]
