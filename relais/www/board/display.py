"""What the board page draws, prepared once in Python so that its template only prints strings.

A page of 100 rows through the DSFR template tags, three URL reversals, a date filter and a dozen
attribute lookups per row cost more than the whole SQL of the page; the filter bar's seven DSFR field
groups cost as much again. The rows are turned into plain dicts here (URLs from one reversal each), and
each row is written by `row_html` (a page of 100 rows through the template engine cost more than the rest
of the page: some twenty variables, tags and escapes per row), and the filter bar is rendered once per
distinct query and set of choices, then kept by the process.
The choices themselves (programmes, occupied sites) are read at most once a minute
(`RELAIS_FILTER_CHOICES_SECONDS`) and at once after a change made in this process: a new site reaches
the filter bar of another worker within that minute, a figure of the board never waits.
"""

import time
from collections import OrderedDict
from html import escape

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from relais.sites.models import Site, SiteStatusChange
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.models import Programme

_PLACEHOLDER = 987654321
_KIND_LABELS = dict(StructureKind.choices)
FILTER_BARS_KEPT = 256
_filter_bars: OrderedDict = OrderedDict()
_choices: dict = {"key": None, "at": 0.0}


def url_maker(name: str):
    """`pk -> URL` of a route taking one integer, reversed once rather than once per row."""
    pattern = reverse(name, args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
    return pattern.format


def board_lines(rows, *, can_declare, csrf_input=None) -> list[dict]:
    """The rows as the template prints them; `can_declare(row)` says who sees the declaration form, whose
    hidden CSRF field `csrf_input()` gives (asked once, and only when a form is shown)."""
    detail, declare = url_maker("registry:structure_detail"), url_maker("board:declare")
    csrf = _once(csrf_input)
    return [board_line(row, detail=detail, declare=declare, can_declare=can_declare(row), csrf=csrf) for row in rows]


def board_line(row, *, detail=None, declare=None, can_declare: bool = False, errors=(), csrf=None) -> dict:
    detail = detail or url_maker("registry:structure_detail")
    declare = declare or url_maker("board:declare")
    subtitle = [_KIND_LABELS.get(row.kind, row.kind), str(row.operator), row.cog_label]
    if getattr(row, "distance_km", None) is not None:
        subtitle.append(f"{row.distance_km} km")
    declared = row.availability_mode == AvailabilityMode.DECLARED
    # Strings, not numbers: printed without localising each one.
    line = {
        "pk": str(row.pk),
        "url": detail(row.pk),
        "name": row.name,
        "subtitle": " · ".join(subtitle),
        "places_open": str(row.places_open),
        "occupied": "—" if row.occupied is None else str(row.occupied),
        "free": "—" if row.free is None else str(row.free),
        "value": "" if row.occupied is None else str(row.occupied),
        "computed": not declared,
        "declared_at": timezone.localtime(row.declared_at).strftime("%d/%m/%Y %H:%M") if row.declared_at else "",
        "declared_by": f"{row.declared_by_name} ({row.declared_by_org})",
        "stale": row.stale,
        "freshness_hours": str(row.freshness_hours),
        "declare_url": declare(row.pk) if can_declare and declared else "",
        "errors": list(errors),
    }
    line["html"] = row_html(line, csrf=csrf)
    return line


def csrf_input(request) -> SafeString:
    """The hidden field `{% csrf_token %}` writes."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


def _once(make):
    """`make()` called at the first use only, then its value again."""
    kept = []

    def value():
        if not kept:
            kept.append(make() if make else "")
        return kept[0]

    return value


_ROW = (
    '<tr id="structure-{pk}" data-testid="row-{pk}">'
    '<td><a href="{url}">{name}</a><br><span class="fr-text--xs">{subtitle}</span></td>'
    "<td>{places_open}</td>"
    '<td data-testid="occupied">{occupied}</td>'
    '<td class="relais-free" data-testid="free">{free}</td>'
    "<td>{confirmation}{stale}</td>"
    "<td>{form}</td>"
    "</tr>"
)
_DECLARED = '<span class="relais-nowrap">{}</span><br><span class="fr-text--xs">{}</span>'
_STALE = '<p class="fr-badge fr-badge--sm fr-badge--warning" data-testid="stale">Périmé (plus de {} h)</p>'
_FORM = (
    '<form method="post" action="{url}" hx-post="{url}" hx-target="#structure-{pk}" hx-swap="outerHTML"'
    ' class="fr-grid-row fr-grid-row--bottom">{csrf}'
    '<div class="fr-input-group fr-mb-0 fr-mr-1w{group_error}">'
    '<label class="fr-label fr-text--xs" for="occ-{pk}">Occupées</label>'
    '<input class="fr-input{input_error}" type="number" min="0" id="occ-{pk}" name="occupied"{invalid}'
    ' value="{value}">{errors}</div>'
    '<button class="fr-btn fr-btn--sm" type="submit" name="declarer">Enregistrer</button>{unchanged}'
    "</form>"
)
# The values of a line written into its row (`html.escape`, as Django's `escape` without its lazy wrapper).
_ESCAPED = (
    *("pk", "url", "name", "subtitle", "places_open", "occupied", "free", "value"),
    *("declared_at", "declared_by", "freshness_hours", "declare_url"),
)
_INVALID = ' aria-invalid="true" aria-describedby="occ-{}-error"'
_ERRORS = '<p class="fr-error-text" id="occ-{}-error" role="alert" data-testid="row-error">{}</p>'
_UNCHANGED = (
    '<button class="fr-btn fr-btn--sm fr-btn--secondary fr-ml-1w" type="submit" name="inchange" value="1">'
    "Inchangé</button>"
)


def row_html(line: dict, *, csrf=None) -> SafeString:
    """One row of the board's table (`board_line`), every value escaped as the template escapes it
    (`format_html` per value costs three times as much on a page of 100 rows); `csrf()`: the hidden
    CSRF field of the declaration form, already safe."""
    e = {key: escape(line[key]) for key in _ESCAPED}
    if line["computed"]:
        confirmation = "En direct (séjours)"
    elif line["declared_at"]:
        confirmation = _DECLARED.format(e["declared_at"], e["declared_by"])
    else:
        confirmation = "Jamais confirmé"
    form = ""
    if line["declare_url"]:
        errors = line["errors"]
        form = _FORM.format(
            url=e["declare_url"],
            pk=e["pk"],
            csrf=csrf() if csrf else "",
            group_error=" fr-input-group--error" if errors else "",
            input_error=" fr-input--error" if errors else "",
            invalid=_INVALID.format(e["pk"]) if errors else "",
            value=e["value"],
            errors=_ERRORS.format(e["pk"], "".join(escape(str(error)) for error in errors)) if errors else "",
            unchanged=_UNCHANGED if line["declared_at"] else "",
        )
    return mark_safe(  # noqa: S308 - every value above is escaped, the rest is this module's markup
        _ROW.format(
            pk=e["pk"],
            url=e["url"],
            name=e["name"],
            subtitle=e["subtitle"],
            places_open=e["places_open"],
            occupied=e["occupied"],
            free=e["free"],
            confirmation=confirmation,
            stale=_STALE.format(e["freshness_hours"]) if line["stale"] else "",
            form=form,
        )
    )


def filter_choices() -> tuple:
    """The choices the filter bar offers (programmes, occupied sites), read again once they are older
    than `RELAIS_FILTER_CHOICES_SECONDS` or changed in this process."""
    if _choices["key"] is None or time.monotonic() - _choices["at"] > settings.RELAIS_FILTER_CHOICES_SECONDS:
        key = (
            tuple(Programme.objects.order_by("pk").values_list("pk", "code", "name")),
            tuple(Site.objects.active().order_by("pk").values_list("pk", "name")),
        )
        _choices.update(key=key, at=time.monotonic())
    return _choices["key"]


def forget_filter_choices(**kwargs) -> None:
    _choices.update(key=None, at=0.0)


for _model in (Programme, Site, SiteStatusChange):
    post_save.connect(forget_filter_choices, sender=_model, dispatch_uid=f"filter-choices-save-{_model.__name__}")
    post_delete.connect(forget_filter_choices, sender=_model, dispatch_uid=f"filter-choices-delete-{_model.__name__}")


def filter_bar(filters) -> str:
    """The filter bar's HTML: rendered once for each query and set of choices (`filter_choices`)."""
    form = filters.form
    key = (tuple((name, tuple(filters.data.getlist(name))) for name in form.fields), *filter_choices())
    html = _filter_bars.get(key)
    if html is None:
        html = render_to_string("board/_filters.html", {"filters": filters})
        _filter_bars[key] = html
        while len(_filter_bars) > FILTER_BARS_KEPT:
            _filter_bars.popitem(last=False)
    else:
        _filter_bars.move_to_end(key)
    return html
