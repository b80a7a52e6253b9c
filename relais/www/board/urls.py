from django.urls import path

from relais.www.board import views

app_name = "board"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/declarer/", views.declare, name="declare"),
]
