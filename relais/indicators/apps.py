from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "relais.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"

    def ready(self):
        # The catalogue registers its indicators on import; other apps add theirs in their own ready().
        # then the person-level ones, and where each is shown.
        from relais.indicators import catalogue, governance, live, people, people_dashboards, site_tables, sites  # noqa: F401

        site_tables.plug()
        live.plug_catalogue()
