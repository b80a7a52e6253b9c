from relais.www.core.navigation import nav_for


def relais(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "grant": None}
    return {"nav_items": nav_for(user, request.path), "grant": user.active_grant}
