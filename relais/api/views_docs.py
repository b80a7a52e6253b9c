from csp.decorators import csp_update
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.response import Response

from relais.api.base import PublicAPIMixin


class SchemaView(PublicAPIMixin, SpectacularAPIView):
    """The OpenAPI 3 schema is public: it describes, it holds no data. It is the same for every caller
    and changes only with the code, so each process computes it once per version and language (seconds
    of CPU otherwise) and no rate limit is counted for it: serving it touches no database."""

    throttle_classes: list = []
    _schemas: dict = {}

    def _get_schema_response(self, request):
        key = (self.api_version or request.version or self._get_version_parameter(request), translation.get_language())
        if key not in self._schemas:
            self._schemas[key] = super()._get_schema_response(request)
        response = self._schemas[key]
        return Response(data=response.data, headers={"Content-Disposition": response["Content-Disposition"]})


class SwaggerView(PublicAPIMixin, SpectacularSwaggerSplitView):
    """Swagger UI with its init script served as a file (no inline script under the CSP)."""

    throttle_classes: list = []  # a static page, as the schema


class RedocView(PublicAPIMixin, SpectacularRedocView):
    throttle_classes: list = []  # a static page, as the schema

    @classmethod
    def as_view(cls, *args, **kwargs):
        # Redoc injects its own <style> elements: allowed on this page only, scripts stay strict.
        return csp_update({"style-src": ["'unsafe-inline'"]})(super().as_view(*args, **kwargs))
