from rest_framework.throttling import SimpleRateThrottle


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Requests per key (rate in REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['api_key'])."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        key = getattr(request, "api_key", None)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.pk}


class SessionRateThrottle(SimpleRateThrottle):
    scope = "session"

    def get_cache_key(self, request, view):
        if getattr(request, "api_key", None) is not None:
            return None
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
