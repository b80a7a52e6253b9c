import datetime
from urllib.parse import urlparse

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from relais.indicators.availability import publish_availability
from relais.indicators.publication import publisher_of
from relais.indicators.site_pages import publish_timeline, reads_site_exactly
from relais.sites.enums import ActType, OperationCount
from relais.sites.filters import SiteFilter
from relais.sites.maps import map_data
from relais.sites.models import Displacement, OnSiteActivity, Site, SiteObservation, SiteService
from relais.sites.rules import ACTIVITY_WRITERS, OBSERVATION_WRITERS
from relais.sites.services import (
    displacement_record,
    displacement_set_reappearance,
    observation_record,
    onsite_activity_record_week,
    security_operation_record,
    site_create,
    site_service_add,
    site_service_end,
    site_status_change,
    site_update,
)
from relais.sites.timeline import period_from_query, site_timeline
from relais.structures.enums import StructureKind
from relais.structures.filters import StructureKindFilter
from relais.structures.models import Structure
from relais.users.access import require_roles
from relais.users.enums import ALL_ROLES, Role
from relais.www.core.services import submit
from relais.www.sites.charts import timeline_chart
from relais.www.sites.forms import (
    ActivityWeekForm,
    DisplacementForm,
    ObservationForm,
    PeriodForm,
    ReappearanceForm,
    SecurityOperationForm,
    ServiceEndForm,
    ServiceForm,
    SiteForm,
    StatusChangeForm,
    monday_of,
    parse_week,
)

READERS = tuple(ALL_ROLES)
RECENT_OBSERVATIONS = 10
MANAGERS = (Role.COORDINATION,)


@require_roles(*READERS)
def site_list(request):
    today = timezone.localdate()
    filters = SiteFilter(request.GET, queryset=Site.objects.with_status(today).with_last_observation())
    return render(
        request,
        "sites/list.html",
        {
            "sites": filters.qs.order_by("-status_since", "name"),
            "filters": filters.form,
            "can_manage": request.user.has_perm("sites.manage_site"),
        },
    )


@require_roles(*READERS)
def site_detail(request, pk):
    today = timezone.localdate()
    site = get_object_or_404(Site.objects.with_status(today).with_last_observation(), pk=pk)
    user = request.user
    period, period_error = period_from_query(request.GET, site, today)
    if period_error:
        messages.warning(request, period_error)
    publisher = publisher_of(user)
    # The health teams' acts by organisation and type: only for the organisations in charge of persons.
    health_detail = user.has_perm("sites.view_health_activity_detail") and reads_site_exactly(publisher)
    security_detail = user.has_perm("sites.view_security_operation_detail")
    timeline = publish_timeline(
        site_timeline(site, period, health_detail=health_detail, security_detail=security_detail), site, publisher
    )
    services = SiteService.objects.filter(site=site).select_related("structure").order_by("-installed_on", "kind")
    return render(
        request,
        "sites/detail.html",
        {
            "site": site,
            "timeline": timeline,
            "chart": timeline_chart(timeline),
            "period_form": PeriodForm(initial={"du": period.start, "au": period.end}),
            "services": services,
            "observations": SiteObservation.objects.filter(
                site=site, observed_at__date__gte=period.start, observed_at__date__lte=period.end
            )
            .select_related("organization")
            .order_by("-observed_at", "-pk")[:RECENT_OBSERVATIONS],
            "reappeared_from": Displacement.objects.filter(reappeared_at=site).select_related("site").order_by("day"),
            "acts": ActType.choices,
            "acts_totals": [(label, timeline.totals["acts"][value]) for value, label in ActType.choices],
            "operation_counts": OperationCount.choices,
            "health_detail": health_detail,
            "security_detail": security_detail,
            "precise": user.has_perm("sites.view_precise_points"),
            "can": {
                "manage": user.has_perm("sites.manage_site"),
                "observe": user.has_perm("sites.record_observation"),
                "activity": user.has_perm("sites.record_onsite_activity"),
                "operation": user.has_perm("sites.record_security_operation"),
            },
        },
    )


@require_roles(*MANAGERS)
def site_create_view(request):
    form = SiteForm(request.POST or None)
    site = submit(form, lambda: site_create(data=form.cleaned_data, by=request.user))
    if site is not None:
        messages.success(request, f"Le site « {site.name} » a été créé. Indiquez maintenant son statut.")
        return redirect("sites:status_add", pk=site.pk)
    return render(request, "sites/site_form.html", {"form": form, "site": None})


@require_roles(*MANAGERS)
def site_edit(request, pk):
    site = get_object_or_404(Site, pk=pk)
    form = SiteForm(request.POST or None, instance=site)
    if submit(form, lambda: site_update(site=site, data=form.cleaned_data, by=request.user)):
        messages.success(request, "Les modifications du site ont été enregistrées.")
        return redirect("sites:detail", pk=site.pk)
    return render(request, "sites/site_form.html", {"form": form, "site": site})


def _entry(request, site, form, call, *, title, success, intro="", template="sites/entry_form.html", extra=None):
    if request.method == "POST" and submit(form, call) is not None:
        messages.success(request, success)
        return redirect("sites:detail", pk=site.pk)
    return render(request, template, {"form": form, "site": site, "title": title, "intro": intro, **(extra or {})})


@require_roles(*MANAGERS)
def status_add(request, pk):
    site = get_object_or_404(Site, pk=pk)
    form = StatusChangeForm(request.POST or None)
    return _entry(
        request,
        site,
        form,
        lambda: site_status_change(site=site, by=request.user, **form.cleaned_data),
        title="Changer le statut du site",
        intro="Chaque statut est daté et rattaché à la décision qui l'a fixé ; l'historique est conservé.",
        success="Le nouveau statut du site a été enregistré.",
    )


@require_roles(*MANAGERS)
def service_add(request, pk):
    site = get_object_or_404(Site, pk=pk)
    form = ServiceForm(request.POST or None)
    return _entry(
        request,
        site,
        form,
        lambda: site_service_add(site=site, by=request.user, **form.cleaned_data),
        title="Installer un service sur le site",
        success="Le service a été ajouté au site.",
    )


@require_roles(*MANAGERS)
def service_end(request, pk):
    service = get_object_or_404(SiteService.objects.select_related("site"), pk=pk)
    form = ServiceEndForm(request.POST or None)
    return _entry(
        request,
        service.site,
        form,
        lambda: site_service_end(service=service, by=request.user, **form.cleaned_data),
        title=f"Retirer le service « {service.get_kind_display()} »",
        success="Le retrait du service a été enregistré.",
    )


@require_roles(*OBSERVATION_WRITERS)
def observation_add(request, pk):
    site = get_object_or_404(Site, pk=pk)
    form = ObservationForm(request.POST or None)
    return _entry(
        request,
        site,
        form,
        lambda: observation_record(site=site, by=request.user, **form.cleaned_data),
        title="Noter une observation",
        intro="Une estimation du nombre de personnes présentes : une fourchette ou une valeur. Aucun nom.",
        success="L'observation a été enregistrée.",
    )


@require_roles(Role.POLICE)
def operation_add(request, pk):
    site = get_object_or_404(Site, pk=pk)
    form = SecurityOperationForm(request.POST or None)
    return _entry(
        request,
        site,
        form,
        lambda: security_operation_record(
            site=site,
            day=form.cleaned_data["day"],
            kind=form.cleaned_data["kind"],
            counts=form.counts(),
            by=request.user,
        ),
        title="Enregistrer une opération de police",
        intro="Des comptages seulement : aucune identité, aucun texte libre.",
        success="L'opération a été enregistrée.",
    )


@require_roles(*ACTIVITY_WRITERS)
def activity_week(request, pk):
    site = get_object_or_404(Site, pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    week_start = parse_week(source.get("week_start") or source.get("semaine", "")) or monday_of(timezone.localdate())
    choose_organization = request.user.role == Role.COORDINATION
    organization = request.user.organization
    if choose_organization and request.method == "POST":
        organization = None  # taken from the form
    existing = {}
    if organization is not None:
        for activity in OnSiteActivity.objects.filter(
            site=site, organization=organization, day__gte=week_start, day__lt=week_start + datetime.timedelta(days=7)
        ):
            existing[activity.day] = {act: getattr(activity, act) for act in ActType.values}
    form = ActivityWeekForm(
        request.POST or None, week_start=week_start, existing=existing, choose_organization=choose_organization
    )
    previous, following = week_start - datetime.timedelta(days=7), week_start + datetime.timedelta(days=7)
    return _entry(
        request,
        site,
        form,
        lambda: onsite_activity_record_week(
            site=site,
            week_start=week_start,
            counts=form.counts(),
            organization=form.cleaned_data.get("organization") or request.user.organization,
            by=request.user,
        ),
        title="Activité sur site de la semaine",
        success=f"L'activité de la semaine du {week_start:%d/%m/%Y} a été enregistrée.",
        template="sites/activity_week.html",
        extra={
            "week_start": week_start,
            "previous": previous,
            "following": following if following <= timezone.localdate() else None,
            "organization": organization,
        },
    )


@require_roles(*MANAGERS)
def displacement_add(request, pk):
    site = get_object_or_404(Site, pk=pk)
    form = DisplacementForm(request.POST or None, site=site)
    return _entry(
        request,
        site,
        form,
        lambda: displacement_record(
            site=site,
            day=form.cleaned_data["day"],
            kind=form.cleaned_data["kind"],
            decision=form.cleaned_data["decision"],
            reappeared_at=form.cleaned_data["reappeared_at"],
            destinations=form.destinations(),
            by=request.user,
        ),
        title="Enregistrer une évacuation ou une mise à l'abri",
        intro=(
            "Indiquez où sont allées les personnes, destination par destination, en rattachant la "
            "structure du registre quand elle est connue : un déplacement n'est pas une solution."
        ),
        success="L'évacuation et ses destinations ont été enregistrées.",
        template="sites/displacement_form.html",
        extra={"structure_kinds": StructureKind.choices},
    )


@require_roles(*MANAGERS)
def displacement_reappearance(request, pk):
    displacement = get_object_or_404(
        Displacement.objects.select_related("site").prefetch_related(Prefetch("reappeared_at")), pk=pk
    )
    site = displacement.site
    form = ReappearanceForm(
        request.POST or None, site=site, initial={"reappeared_at": list(displacement.reappeared_at.all())}
    )
    return _entry(
        request,
        site,
        form,
        lambda: displacement_set_reappearance(
            displacement=displacement, sites=form.cleaned_data["reappeared_at"], by=request.user
        ),
        title=f"Où la scène s'est reformée après le {displacement.day:%d/%m/%Y}",
        success="Les sites où la scène s'est reformée ont été enregistrés.",
    )


@require_roles(*READERS)
def site_map(request):
    tiles = settings.RELAIS_MAP_TILES_URL
    precise = request.user.has_perm("sites.view_precise_points")
    filters = StructureKindFilter(request.GET, queryset=Structure.objects.all())
    data = map_data(
        day=timezone.localdate(),
        precise=precise,
        tiles_url=tiles,
        tiles_attribution=settings.RELAIS_MAP_TILES_ATTRIBUTION,
        structures=filters.qs,
        publish=lambda rows: publish_availability(rows, publisher_of(request.user)),
    )
    response = render(request, "sites/map.html", {"data": data, "precise": precise, "filters": filters.form})
    origin = _tiles_origin(tiles)
    if origin:
        # The configured tile server is the only other origin a page may load (images only).
        response._csp_update = {"img-src": [origin]}
    return response


def _tiles_origin(url: str) -> str:
    parsed = urlparse(url.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"))
    if parsed.scheme in {"http", "https"} and parsed.netloc:
        host = parsed.netloc
        if "{s}" in url:
            host = "*." + host.split(".", 1)[1] if "." in host else host
        return f"{parsed.scheme}://{host}"
    return ""
