"""Filters of the registry and of the availability board, shared by the pages and the API."""

import django_filters
from django import forms
from django.db.models import F

from relais.structures.board_sql import BoardSelection
from relais.structures.enums import PlaceAttribute, StructureKind
from relais.structures.models import Programme
from relais.utils.filters import FilterSet
from relais.utils.identifiers import PARIS_ARRONDISSEMENTS


def kind_filter(*, label: str = "Type", empty_label: str = "Tous") -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        field_name="kind", label=label, choices=StructureKind.choices, empty_label=empty_label
    )


def arrondissement_filter() -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        field_name="cog", label="Arrondissement", choices=list(PARIS_ARRONDISSEMENTS.items()), empty_label="Tous"
    )


def programme_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label="Programme", queryset=Programme.objects.all(), to_field_name="code", empty_label="Tous"
    )


def coordinate_filter(label: str, bound: int) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        label=label,
        min_value=-bound,
        max_value=bound,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        method="sort_by_distance",
    )


class StructureFilter(FilterSet):
    """The registry's list: structures of a type, in an arrondissement of Paris."""

    type = kind_filter()
    arrondissement = arrondissement_filter()


class StructureKindFilter(FilterSet):
    """The map's structures: of one type."""

    type = kind_filter(label="Type de structure", empty_label="Tous les types")


class AvailabilityFilter(FilterSet):
    """The board's structures, by type, programme, arrondissement and a kind of place free today;
    with a point (`lat` and `lon`), sorted from the nearest, otherwise by type and name."""

    type = kind_filter()
    programme = programme_filter()
    arrondissement = arrondissement_filter()
    caracteristique = django_filters.ChoiceFilter(
        label="Caractéristique", choices=PlaceAttribute.choices, empty_label="Toutes", method="with_place_attribute"
    )
    lat = coordinate_filter("Latitude", 90)
    lon = coordinate_filter("Longitude", 180)

    def with_place_attribute(self, queryset, name, value):
        return queryset.with_places_having(value)

    def sort_by_distance(self, queryset, name, value):
        return queryset  # sorting needs the whole point: filter_queryset sorts once every filter is applied

    @property
    def near(self) -> tuple[float, float] | None:
        lat, lon = self.valid_value("lat"), self.valid_value("lon")
        return None if lat is None or lon is None else (float(lat), float(lon))

    # The names of the filters whose value is a structure's kind (the API has its own besides `type`).
    kind_names = ("type",)

    def filter_queryset(self, queryset):
        structures = super().filter_queryset(queryset)
        if self.near is None:
            return structures.order_by("kind", "name")
        # Structures without a point after every one that has one, on SQLite as on PostgreSQL.
        return structures.with_distance_to(*self.near).order_by(F("distance_sq").asc(nulls_last=True), "name")

    def selection(self) -> BoardSelection:
        """What the valid values select, for the board's hand-written reads (`relais.structures.board_sql`);
        a wrong value is left out, as `qs` leaves it."""
        self.errors  # noqa: B018 - validates the form, once
        data = getattr(self.form, "cleaned_data", {})
        programme = data.get("programme")
        return BoardSelection(
            kinds=tuple(data[name] for name in self.kind_names if data.get(name)),
            programme_id=programme.pk if programme else None,
            cog=data.get("arrondissement") or None,
            attribute=data.get("caracteristique") or None,
            near=self.near,
        )
