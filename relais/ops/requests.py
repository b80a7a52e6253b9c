"""A request id for every request: in each log record of the request and in the X-Request-ID header.

An incoming X-Request-ID (set by the platform's router) is kept only when it looks like an id, so
that a client cannot write arbitrary text into the logs. One log line per request, with the path
but never the query string (search terms may be about a person).
"""

import contextvars
import logging
import re
import time
import uuid

REQUEST_ID = contextvars.ContextVar("request_id", default="")
_LOOKS_LIKE_AN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{7,63}")

logger = logging.getLogger("relais.requests")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _LOOKS_LIKE_AN_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = REQUEST_ID.set(request.request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            REQUEST_ID.reset(token)
