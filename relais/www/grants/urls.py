from django.urls import path

from relais.www.grants import views

app_name = "grants"
urlpatterns = [
    path("", views.pending, name="pending"),
    path("<int:grant_id>/approuver/", views.approve, name="approve"),
    path("<int:grant_id>/refuser/", views.refuse, name="refuse"),
]
