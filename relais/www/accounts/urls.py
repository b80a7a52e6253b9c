from django.urls import path

from relais.www.accounts import views

app_name = "accounts"
urlpatterns = [
    path("blocages/", views.lockout_list, name="lockout_list"),
    path("blocages/<int:pk>/debloquer/", views.lockout_unlock, name="lockout_unlock"),
    path("evenements-de-securite/", views.security_events, name="security_events"),
]
