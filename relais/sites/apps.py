from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "relais.sites"
    verbose_name = "Sites de consommation et espace public"

    def ready(self):
        from auditlog.registry import auditlog

        from relais.sites import models

        # Every write on a site is in the change history (who, when, which fields).
        for model in (
            models.Site,
            models.SiteStatusChange,
            models.SiteService,
            models.SiteObservation,
            models.OnSiteActivity,
            models.SecurityOperation,
            models.Displacement,
            models.DisplacementDestination,
        ):
            auditlog.register(model)
