from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from relais.indicators import dashboards, exports, registry
from relais.indicators.enums import Audience
from relais.indicators.filters import DashboardFilterForm
from relais.structures.models import Structure
from relais.users.access import public, require_roles
from relais.users.enums import Role
from relais.users.models import Organization
from relais.www.core.downloads import download

# Roles that reach each dashboard's URL; the rules predicate then decides (with the object when there is one).
AUDIENCE_ROLES = {
    Audience.COMITE: (Role.COMITE, Role.COORDINATION),
    Audience.COORDINATION: (Role.COORDINATION,),
    Audience.OPERATEUR: (Role.OPERATEUR, Role.COORDINATION),
    Audience.POLICE: (Role.POLICE, Role.COORDINATION),
}
DASHBOARD_ROLES = frozenset(r for roles in AUDIENCE_ROLES.values() for r in roles)
FORMATS = {"csv": exports.to_csv, "xlsx": exports.to_xlsx}


def _operator_organizations():
    return Organization.objects.filter(pk__in=Structure.objects.values("operator")).order_by("name")


def _organization(request):
    """The operator dashboard's organisation: one's own for an operator, chosen by coordination."""
    if request.user.role == Role.OPERATEUR:
        return request.user.organization
    chosen = request.GET.get("organisation", "")
    operators = _operator_organizations()
    if chosen.isdigit():
        return get_object_or_404(operators, pk=chosen)
    return operators.first()


def _build(request, audience):
    filters = dashboards.Filters.from_query(request.GET, known=audience in dashboards.KNOWN_AUDIENCES)
    organization = _organization(request) if audience == Audience.OPERATEUR else None
    if not request.user.has_perm(f"indicators.view_{audience}_dashboard", organization):
        raise Http404
    if audience == Audience.OPERATEUR and organization is None:
        raise Http404
    return filters, organization, dashboards.build(audience, filters, organization=organization, kept=True)


def _dashboard_view(audience):
    @require_roles(*AUDIENCE_ROLES[audience])
    def view(request):
        filters, organization, dashboard = _build(request, audience)
        if filters.error:
            messages.warning(request, filters.error)
        return render(
            request,
            "dashboards/dashboard.html",
            {
                "dashboard": dashboard,
                "filters": filters,
                "reading_label": dashboards.reading_label(filters.known_on)
                if audience in dashboards.KNOWN_AUDIENCES
                else "",
                "filter_form": DashboardFilterForm(
                    initial={
                        "au": filters.day,
                        "periode": filters.months,
                        "organisation": organization,
                        "connu_au": filters.known_on,
                    },
                    organizations=_operator_organizations()
                    if audience == Audience.OPERATEUR and request.user.role == Role.COORDINATION
                    else None,
                    known=audience in dashboards.KNOWN_AUDIENCES,
                ),
                "organization": organization,
                "export_query": filters.query() + (f"&organisation={organization.pk}" if organization else ""),
            },
        )

    view.__name__ = f"{audience}_dashboard"
    return view


def _export_view(audience):
    @require_roles(*AUDIENCE_ROLES[audience])
    def view(request, table_id, fmt):
        filters, organization, dashboard = _build(request, audience)
        table = dashboards.table_of(dashboard, table_id)
        if table is None or fmt not in FORMATS:
            raise Http404
        write = FORMATS[fmt]
        preamble = [
            f"Relais — tableau de bord {dashboard['audience_label']} — {table['title']}",
            f"Chiffres arrêtés au {dashboard['as_of_label']}"
            + (f" — {organization}" if organization is not None else ""),
            *([dashboards.reading_label(filters.known_on)] if filters.known_on else []),
        ]
        filename = f"relais-{audience}-{table_id}-{filters.day.isoformat()}.{fmt}"
        return download(write(table, preamble=preamble), filename=filename)

    view.__name__ = f"{audience}_export"
    return view


comite = _dashboard_view(Audience.COMITE)
coordination = _dashboard_view(Audience.COORDINATION)
operateur = _dashboard_view(Audience.OPERATEUR)
police = _dashboard_view(Audience.POLICE)
comite_export = _export_view(Audience.COMITE)
coordination_export = _export_view(Audience.COORDINATION)
operateur_export = _export_view(Audience.OPERATEUR)
police_export = _export_view(Audience.POLICE)


@require_roles(*DASHBOARD_ROLES)
def index(request):
    available = [
        {"url": f"dashboards:{a}", "label": a.label} for a in Audience if request.user.role in AUDIENCE_ROLES[a]
    ]
    return render(request, "dashboards/index.html", {"available": available})


@public
def catalogue(request):
    return render(request, "dashboards/catalogue.html", {"indicators": registry.INDICATORS.values()})


@public
def definition(request, code):
    indicator = registry.INDICATORS.get(code)
    if indicator is None:
        raise Http404
    return render(request, "dashboards/definition.html", {"indicator": indicator})
