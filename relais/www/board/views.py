from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relais.indicators import registry
from relais.indicators.availability import publish_availability, published_free_total
from relais.indicators.publication import publisher_of
from relais.sites.filters import BoardFilter
from relais.structures.board import board_queryset, board_row, board_totals, with_distances
from relais.structures.models import Structure
from relais.structures.services import occupancy_confirm_unchanged, occupancy_declare
from relais.users.access import require_roles
from relais.users.enums import REGISTRY_READERS, Role
from relais.www.board.forms import OccupancyForm
from relais.www.core.pagination import paginate
from relais.www.core.services import flash_submit, submit

BOARD_PAGE_SIZE = 100
ERROR_OCCUPIED = "indiquez un nombre de places occupées positif ou nul."


@require_roles(*REGISTRY_READERS)
def index(request):
    filters = BoardFilter(request.GET, queryset=board_queryset(), request=request)
    structures = filters.qs
    pagination = paginate(request, structures, BOARD_PAGE_SIZE)
    publisher = publisher_of(request.user)
    rows = publish_availability(with_distances(pagination["page"]), publisher)
    for row in rows:
        row.can_declare = request.user.has_perm("structures.manage_structure", row)
    totals = board_totals(structures)
    if not publisher.reads_exactly(registry.get("places_occupied")):
        # Free places come from counts of persons: the total of the published ones.
        totals["free"] = published_free_total(structures, publisher)
    return render(
        request,
        "board/index.html",
        {
            "rows": rows,
            **pagination,
            "totals": totals,
            "filters": filters,
        },
    )


def _row_response(request, structure_pk, errors=()):
    """After a declaration: the refreshed row for htmx (with the reasons of a refusal), the board otherwise."""
    if not request.htmx:
        return redirect("board:index")
    row = board_row(structure_pk)
    row.can_declare = True
    row.errors = list(errors)
    return render(request, "board/index.html#board-row", {"row": row})


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
