"""Access to the Prometheus metrics: a bearer token of their own, never a user session."""

import hmac

from django.conf import settings


def metrics_token_valid(request) -> bool:
    scheme, _, supplied = request.headers.get("Authorization", "").partition(" ")
    return scheme == "Bearer" and hmac.compare_digest(supplied.encode(), settings.RELAIS_METRICS_TOKEN.encode())
