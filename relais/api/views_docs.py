from csp.decorators import csp_update
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from relais.api.base import PublicAPIMixin


class SchemaView(PublicAPIMixin, SpectacularAPIView):
    """The OpenAPI 3 schema is public: it describes, it holds no data."""


class SwaggerView(PublicAPIMixin, SpectacularSwaggerSplitView):
    """Swagger UI with its init script served as a file (no inline script under the CSP)."""


class RedocView(PublicAPIMixin, SpectacularRedocView):
    @classmethod
    def as_view(cls, *args, **kwargs):
        # Redoc injects its own <style> elements: allowed on this page only, scripts stay strict.
        return csp_update({"style-src": ["'unsafe-inline'"]})(super().as_view(*args, **kwargs))
