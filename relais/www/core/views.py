from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

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


@require_roles(*ALL_ROLES)
def home(request):
    """Landing page: what the role in force gives access to (an expired grant gets a message)."""
    return render(request, "core/home.html")


@public
def accessibility(request):
    return render(request, "core/accessibility.html")
