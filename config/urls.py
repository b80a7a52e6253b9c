from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from relais.identity.middleware import second_factor_exempt
from relais.users.access import public
from relais.www.accounts import proconnect
from relais.www.core.outbox import clear_site_data
from relais.www.core.views import healthz, metrics, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path(
        "accounts/logout/",
        clear_site_data(second_factor_exempt(public(proconnect.LogoutView.as_view()))),
        name="logout",
    ),
    path("accounts/proconnect/", public(proconnect.LoginView.as_view()), name="oidc_authentication_init"),
    path("accounts/proconnect/retour/", public(proconnect.CallbackView.as_view()), name="oidc_authentication_callback"),
    path("accounts/proconnect/echec/", proconnect.failure, name="proconnect_failure"),
    path("comptes/", include("relais.www.accounts.urls")),
    path("comptes/cles-d-acces/", include("relais.www.accounts.webauthn_urls")),
    path("admin/", admin.site.urls),
    path("api/", include("relais.api.urls")),
    path("", include("relais.www.core.urls")),
    path("lieux/", include("relais.www.registry.urls")),
    path("disponibilites/", include("relais.www.board.urls")),
    path("journal-des-acces/", include("relais.www.audit.urls")),
    path("habilitations/", include("relais.www.grants.urls")),
    path("donnees-ouvertes/", include("relais.www.interop.urls")),
    path("sites/", include("relais.www.sites.urls")),
    path("tableaux-de-bord/", include("relais.www.dashboards.urls")),
    path("points-de-situation/", include("relais.www.reports.urls")),
    path("donnees-ouvertes/", include("relais.www.opendata.urls")),
    path("gouvernance/", include("relais.www.governance.urls")),
    path("locaux/", include("relais.www.premises.urls")),
    path("notifications/", include("relais.www.notifications.urls")),
    path("", include("relais.www.rights.urls")),
    path("liste-d-attente/", include("relais.www.orientation.urls")),
    path("", include("relais.www.people.urls")),
]
