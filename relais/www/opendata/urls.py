from django.urls import path

from relais.www.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>.csv", views.dataset_csv, name="csv"),
    path("<slug:slug>.json", views.dataset_json, name="json"),
]
