"""Change history of the sites: every write on a site, who, when, which fields (django-auditlog)."""

from auditlog.registry import auditlog

from relais.sites.models import (
    Displacement,
    DisplacementDestination,
    OnSiteActivity,
    SecurityOperation,
    Site,
    SiteObservation,
    SiteService,
    SiteStatusChange,
)

for model in (
    Site,
    SiteStatusChange,
    SiteService,
    SiteObservation,
    OnSiteActivity,
    SecurityOperation,
    Displacement,
    DisplacementDestination,
):
    auditlog.register(model)
