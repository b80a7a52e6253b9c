from django.urls import path

from relais.www.sites import api

app_name = "sites_api"
urlpatterns = [
    path("", api.site_list, name="list"),
    path("<int:pk>/operations/", api.operation_create, name="operation_create"),
    path("<int:pk>/observations/", api.observation_create, name="observation_create"),
]
