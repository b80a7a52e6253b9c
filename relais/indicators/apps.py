from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "relais.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"

    def ready(self):
        # The catalogue registers its indicators on import; other apps add theirs in their own ready().
        # The person-level indicators, and where they are shown, come after the registry's.
        from relais.indicators import catalogue, people, people_dashboards  # noqa: F401
