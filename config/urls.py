from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from relais.www.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("comptes/", include("relais.www.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("relais.api.urls")),
    path("", include("relais.www.core.urls")),
    path("lieux/", include("relais.www.registry.urls")),
    path("disponibilites/", include("relais.www.board.urls")),
    path("journal-des-acces/", include("relais.www.audit.urls")),
    path("donnees-ouvertes/", include("relais.www.interop.urls")),
    path("sites/", include("relais.www.sites.urls")),
    path("tableaux-de-bord/", include("relais.www.dashboards.urls")),
    path("points-de-situation/", include("relais.www.reports.urls")),
    path("donnees-ouvertes/", include("relais.www.opendata.urls")),
    path("gouvernance/", include("relais.www.governance.urls")),
    path("locaux/", include("relais.www.premises.urls")),
    path("", include("relais.www.people.urls")),
]
