from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "relais.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"

    def ready(self):
        # The catalogue registers its indicators on import; other apps add theirs in their own ready().
        from relais.indicators import catalogue  # noqa: F401
        from relais.indicators import people, people_dashboards  # noqa: F401
