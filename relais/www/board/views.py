from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relais.indicators import registry
from relais.indicators.availability import publish_availability, published_cells, published_free_total
from relais.indicators.publication import publisher_of
from relais.sites.filters import BoardFilter
from relais.structures.board import with_distances
from relais.structures.board_sql import BoardRows, board_row
from relais.structures.models import Structure
from relais.structures.services import occupancy_confirm_unchanged, occupancy_declare
from relais.users.access import require_roles
from relais.users.enums import REGISTRY_READERS, Role
from relais.www.board.display import board_line, board_lines, csrf_input, filter_bar
from relais.www.board.forms import OccupancyForm
from relais.www.core.pagination import paginate
from relais.www.core.services import flash_submit, submit

BOARD_PAGE_SIZE = 100
# Find a place (a point given): a maraude wants the nearest few, and each row drawn costs more than
# sorting every match in SQL; the next ones are on the following pages, the totals cover every match.
FIND_PAGE_SIZE = 20
MAX_PAGE = 10**6
ERROR_OCCUPIED = "indiquez un nombre de places occupées positif ou nul."


@require_roles(*REGISTRY_READERS)
def index(request):
    filters = BoardFilter(request.GET, queryset=Structure.objects.none(), request=request)
    structures = BoardRows(filters.selection())
    size = BOARD_PAGE_SIZE if filters.near is None else FIND_PAGE_SIZE
    # The page asked for, read with the totals (the paginator reads another one when it is past the last).
    number = request.GET.get("page", "")
    offset = (int(number) - 1) * size if number.isdecimal() and 0 < int(number) < MAX_PAGE else 0
    totals = structures.totals(page=(offset, size))
    pagination = paginate(request, structures, size, count=totals["structures"])
    publisher = publisher_of(request.user)
    exact = publisher.reads_exactly(registry.get("places_occupied"))
    # Outside the field teams, occupancy is the published one: the same cells for the page and the total.
    cells = None if exact else published_cells(publisher)
    rows = publish_availability(with_distances(pagination["page"]), publisher, cells=cells)
    if not exact:
        # Free places come from counts of persons: the total of the published ones.
        filters_key = tuple(sorted((k, tuple(v)) for k, v in request.GET.lists() if k != "page"))
        totals["free"] = published_free_total(structures, publisher, cells=cells, key=filters_key)
    declares = _declaration_rule(request.user)
    return render(
        request,
        "board/index.html",
        {
            "rows": rows,
            "lines": board_lines(rows, can_declare=declares, csrf_input=lambda: csrf_input(request)),
            **pagination,
            "totals": totals,
            "filters": filters,
            "filter_bar": filter_bar(filters),
        },
    )


def _declaration_rule(user):
    """Who may declare for a row: nobody outside coordination and the operators (no rule evaluated
    100 times for them), the rule itself otherwise."""
    if getattr(user, "role", None) not in (Role.COORDINATION, Role.OPERATEUR):
        return lambda row: False
    return lambda row: user.has_perm("structures.manage_structure", row)


def _row_response(request, structure_pk, errors=()):
    """After a declaration: the refreshed row for htmx (with the reasons of a refusal), the board otherwise."""
    if not request.htmx:
        return redirect("board:index")
    line = board_line(board_row(structure_pk), can_declare=True, errors=errors, csrf=lambda: csrf_input(request))
    return HttpResponse(line["html"])


@require_roles(Role.COORDINATION, Role.OPERATEUR)
@require_POST
def declare(request, pk):
    structure = get_object_or_404(Structure, pk=pk)
    if not request.user.has_perm("structures.manage_structure", structure):
        raise PermissionDenied
    prefix = f"{structure.name} : "
    if "inchange" in request.POST:
        form = forms.Form(data={})
        done = f"{structure.name} : disponibilités confirmées sans changement."

        def call():
            return occupancy_confirm_unchanged(structure=structure, by=request.user)
    else:
        form = OccupancyForm(request.POST)
        done = f"{structure.name} : occupation enregistrée."

        def call():
            return occupancy_declare(structure=structure, occupied=form.cleaned_data["occupied"], by=request.user)

    if not request.htmx:
        if flash_submit(request, call, form=form, invalid=ERROR_OCCUPIED, prefix=prefix):
            messages.success(request, done)
        return _row_response(request, structure.pk)
    # In the row the operator is looking at: the refusal beside the figure, not on the next page.
    if not form.is_valid():
        return _row_response(request, structure.pk, [prefix + ERROR_OCCUPIED])
    if submit(form, call):
        messages.success(request, done)
    return _row_response(request, structure.pk, [prefix + e for errors in form.errors.values() for e in errors])
