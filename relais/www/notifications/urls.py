from django.urls import path

from relais.www.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("compte/", views.count, name="count"),
    path("<int:pk>/ouvrir/", views.notification_open, name="open"),
    path("tout-lu/", views.read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
]
