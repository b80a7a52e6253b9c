from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
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
