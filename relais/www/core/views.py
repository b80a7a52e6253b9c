import hashlib

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView

from relais.ops.metrics import metrics_token_valid
from relais.ops.readiness import readiness
from relais.users.access import public, require_roles
from relais.users.enums import ALL_ROLES


@public
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public
@never_cache
def readyz(request):
    """Ready to serve: /healthz plus migrations applied, task queue moving, a recent backup."""
    ready, checks = readiness()
    return JsonResponse(checks, status=200 if ready else 503)


@public  # no session: its own bearer token, and absent when no token is configured
@never_cache
def metrics(request):
    if not settings.RELAIS_METRICS_TOKEN:
        raise Http404
    if not metrics_token_valid(request):
        response = HttpResponse("Jeton d'accès aux métriques manquant ou invalide.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return ExportToDjangoView(request)


@require_roles(*ALL_ROLES)
def home(request):
    """Landing page: what the role in force gives access to (an expired grant gets a message)."""
    return render(request, "core/home.html")


@public
def accessibility(request):
    return render(request, "core/accessibility.html")


# What the service worker keeps for offline use: static files, and pages that hold no person data.
OFFLINE_STATIC = (
    "dsfr/dist/dsfr/dsfr.min.css",
    "relais/dsfr-utility.css",
    "css/dsfr-django-overrides.css",
    "dsfr/dist/dsfr/dsfr.module.min.js",
    "django_htmx/htmx-2.min.js",
    "relais/relais.css",
    "relais/outbox.js",
    "relais/encounter-form.js",
    "relais/geoloc.js",
    "relais/length-counter.js",
)
OFFLINE_PAGES = ("people:contact_create",)


@public
@never_cache
def service_worker(request):
    """The service worker, from the root so that its scope is the whole site.

    Rendered so that it names the static files as served (hashed in production); its text changes,
    and the phone takes the new version, whenever one of them changes."""
    urls = [static(path) for path in OFFLINE_STATIC]
    pages = [reverse(name) for name in OFFLINE_PAGES]
    offline = reverse("core:offline")
    version = hashlib.sha256(" ".join([*urls, *pages, offline]).encode()).hexdigest()[:12]
    context = {"urls": urls, "pages": pages, "offline": offline, "version": version}
    response = render(request, "core/sw.js", context, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@public
def offline(request):
    """Shown by the service worker when a page cannot be reached: what waits in the outbox."""
    return render(request, "core/offline.html")
