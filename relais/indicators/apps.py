from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "relais.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"

    def ready(self):
        # The catalogue registers its indicators on import; other apps add theirs in their own ready().
        # then the person-level ones, and where each is shown.
        from relais.indicators import (  # noqa: F401
            catalogue,
            fact_journal,
            governance,
            live,
            people,
            people_dashboards,
            site_tables,
            sites,
        )

        site_tables.plug()
        live.plug_catalogue()
        # Every change of the history the figures read is noted in the journal of changed days.
        fact_journal.connect()
