from django.urls import re_path

from relais.www.interop import views

app_name = "interop"
urlpatterns = [
    re_path(
        r"^data-inclusion/(?P<dataset>structures|services)\.(?P<fmt>json|csv)$",
        views.data_inclusion,
        name="data_inclusion",
    ),
]
