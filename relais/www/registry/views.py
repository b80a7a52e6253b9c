from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.indicators.availability import publish_availability
from relais.indicators.publication import publisher_of
from relais.structures.capacity import capacity_history
from relais.structures.filters import StructureFilter
from relais.structures.finess import finess_import
from relais.structures.imports import ImportRejected, structures_import, template_csv
from relais.structures.models import Place, PlaceServicePeriod, Programme, Structure, in_programme, in_service_on
from relais.structures.services import (
    place_set_service,
    place_update,
    places_add,
    structure_create,
    structure_update,
)
from relais.users.access import require_roles
from relais.users.enums import REGISTRY_READERS, Role
from relais.www.core.charts import capacity_chart
from relais.www.core.downloads import download
from relais.www.core.pagination import paginate
from relais.www.core.services import flash_submit, submit
from relais.www.registry.forms import ImportForm, PlaceForm, PlacesAddForm, PlaceServiceForm, StructureForm

MANAGERS = (Role.COORDINATION, Role.OPERATEUR)


def _managed_structure(request, pk):
    structure = get_object_or_404(Structure, pk=pk)
    if not request.user.has_perm("structures.manage_structure", structure):
        raise PermissionDenied
    return structure


@require_roles(*REGISTRY_READERS)
def structure_list(request):
    structures = Structure.objects.select_related("operator", "programme").with_live_availability()
    filters = StructureFilter(request.GET, queryset=structures)
    return render(
        request,
        "registry/structure_list.html",
        {
            **paginate(request, filters.qs),
            "filters": filters.form,
            "can_create": request.user.has_perm("structures.create_structure"),
        },
    )


@require_roles(*REGISTRY_READERS)
def structure_detail(request, pk):
    today = timezone.localdate()
    structure = get_object_or_404(
        Structure.objects.select_related("operator", "programme").with_live_availability(), pk=pk
    )
    (structure,) = publish_availability([structure], publisher_of(request.user))
    places = Place.objects.filter(structure=structure).with_in_service(today).order_by("location_label", "label")
    locations = (
        places.order_by()
        .values("location_label")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(in_service_on(today, "service_periods__"))))
        .order_by("location_label")
    )
    history = capacity_history(PlaceServicePeriod.objects.filter(place__structure=structure), None, today=today)
    return render(
        request,
        "registry/structure_detail.html",
        {
            "structure": structure,
            "places": places,
            "locations": locations,
            "history": history,
            "chart": capacity_chart(history),
            "can_manage": request.user.has_perm("structures.manage_structure", structure),
        },
    )


@require_roles(*MANAGERS)
def structure_create_view(request):
    form = StructureForm(request.POST or None, user=request.user)
    structure = submit(form, lambda: structure_create(data=form.cleaned_data))
    if structure is not None:
        messages.success(request, f"La structure « {structure.name} » a été créée. Ajoutez maintenant ses places.")
        return redirect("registry:structure_detail", pk=structure.pk)
    return render(request, "registry/structure_form.html", {"form": form, "structure": None})


@require_roles(*MANAGERS)
def structure_edit(request, pk):
    structure = _managed_structure(request, pk)
    form = StructureForm(request.POST or None, instance=structure, user=request.user)
    if submit(form, lambda: structure_update(structure=structure, data=form.cleaned_data)):
        messages.success(request, "Les modifications ont été enregistrées.")
        return redirect("registry:structure_detail", pk=structure.pk)
    return render(request, "registry/structure_form.html", {"form": form, "structure": structure})


@require_roles(*MANAGERS)
def places_add_view(request, pk):
    structure = _managed_structure(request, pk)
    form = PlacesAddForm(request.POST or None)
    places = submit(form, lambda: places_add(structure=structure, **form.cleaned_data))
    if places:
        messages.success(request, f"{len(places)} place(s) ajoutée(s).")
        return redirect("registry:structure_detail", pk=structure.pk)
    return render(request, "registry/places_add.html", {"form": form, "structure": structure})


@require_roles(*MANAGERS)
def place_edit(request, pk):
    place = get_object_or_404(Place.objects.select_related("structure"), pk=pk)
    if not request.user.has_perm("structures.manage_structure", place.structure):
        raise PermissionDenied
    form = PlaceForm(request.POST or None, instance=place)
    service_form = PlaceServiceForm()
    if submit(form, lambda: place_update(place=place, data=form.cleaned_data)):
        messages.success(request, "La place a été modifiée.")
        return redirect("registry:structure_detail", pk=place.structure_id)
    return render(
        request,
        "registry/place_form.html",
        {"form": form, "service_form": service_form, "place": place, "periods": place.service_periods.all()},
    )


@require_roles(*MANAGERS)
@require_POST
def place_service(request, pk):
    place = get_object_or_404(Place.objects.select_related("structure"), pk=pk)
    if not request.user.has_perm("structures.manage_structure", place.structure):
        raise PermissionDenied
    form = PlaceServiceForm(request.POST)
    if flash_submit(request, lambda: place_set_service(place=place, **form.cleaned_data), form=form) is None:
        return redirect("registry:place_edit", pk=place.pk)
    state = "remise en service" if form.cleaned_data["in_service"] else "mise hors service"
    messages.success(request, f"{place} : {state} à partir du {form.cleaned_data['on']:%d/%m/%Y}.")
    return redirect("registry:structure_detail", pk=place.structure_id)


@require_roles(*REGISTRY_READERS)
def programme_list(request):
    today = timezone.localdate()
    # A dispositif (ASSORE + PHASE) counts the structures and places of its programmes.
    places = (
        PlaceServicePeriod.objects.covering(today)
        .filter(in_programme(OuterRef("pk"), "place__structure__"))
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("place", distinct=True))
        .values("n")
    )
    structures = (
        Structure.objects.filter(in_programme(OuterRef("pk")))
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("pk"))
        .values("n")
    )
    programmes = Programme.objects.select_related("operator", "group").annotate(
        places_open=Coalesce(Subquery(places, output_field=IntegerField()), 0),
        structures_count=Coalesce(Subquery(structures, output_field=IntegerField()), 0),
    )
    return render(request, "registry/programme_list.html", {"programmes": programmes})


@require_roles(*REGISTRY_READERS)
def programme_detail(request, code):
    today = timezone.localdate()
    programme = get_object_or_404(Programme.objects.select_related("operator"), code=code)
    history = capacity_history(
        PlaceServicePeriod.objects.filter(in_programme(programme, "place__structure__")),
        programme.targets.all(),
        today=today,
    )
    # A dispositif (ASSORE + PHASE) shows the structures and places of its member programmes.
    structures = Structure.objects.filter(in_programme(programme)).select_related("operator").with_places_open(today)
    hotels = (
        Place.objects.filter(in_programme(programme, "structure__"))
        .filter(in_service_on(today, "service_periods__"))
        .exclude(location_label="")
        .values("location_label")
        .distinct()
        .count()
    )
    return render(
        request,
        "registry/programme_detail.html",
        {
            "programme": programme,
            "history": history,
            "chart": capacity_chart(history),
            "targets": programme.targets.all(),
            "structures": structures,
            "hotels": hotels,
            "current": history[-1] if history else None,
        },
    )


@require_roles(Role.COORDINATION)
def import_view(request):
    if request.GET.get("modele"):
        return download(template_csv(), filename="modele-import-structures.csv")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            form.add_error("file", "Le fichier dépasse 5 Mo.")
        else:
            importer = finess_import if form.cleaned_data["source"] == "finess" else structures_import
            try:
                created = importer(upload.read())
            except ImportRejected as rejected:
                errors = rejected.errors
                messages.error(
                    request, f"Import refusé : {len(errors)} erreur(s). Aucune structure n'a été enregistrée."
                )
            else:
                messages.success(request, f"{len(created)} structure(s) importée(s).")
                return redirect("registry:structure_list")
    return render(request, "registry/import.html", {"form": form, "errors": errors})
