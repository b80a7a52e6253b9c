"""The registry's, the map's and the board's FilterSets: a valid value filters, a wrong one is named
in French and left out while the other filters still apply."""

import pytest
from django.urls import reverse

from relais.structures.board_sql import BoardRows
from relais.structures.enums import StructureKind
from relais.structures.filters import AvailabilityFilter, StructureFilter, StructureKindFilter
from relais.structures.live import availability_refresh
from relais.structures.models import Place, Structure
from relais.users.enums import Role
from tests.factories import ProgrammeFactory, StructureFactory, UserFactory
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def names(filterset) -> list[str]:
    found = [s.name for s in filterset.qs]
    if isinstance(filterset, AvailabilityFilter):
        # The board's hand-written read selects and sorts as the FilterSet's queryset does.
        assert [row.name for row in BoardRows(filterset.selection())[0:None]] == found
    return found


@pytest.fixture
def three():
    StructureFactory(name="A", kind=StructureKind.LHSS, cog="75119", places=2)
    StructureFactory(name="B", kind=StructureKind.LHSS, cog="75118", places=2)
    StructureFactory(name="C", kind=StructureKind.CAARUD, cog="75119", places=2)


def test_structure_filter_by_type_and_arrondissement(three):
    structures = Structure.objects.order_by("name")
    assert names(StructureFilter({"type": "lhss", "arrondissement": "75119"}, queryset=structures)) == ["A"]
    assert names(StructureFilter({}, queryset=structures)) == ["A", "B", "C"]


def test_structure_filter_names_a_wrong_value_and_applies_the_others(three):
    filters = StructureFilter(
        {"type": "inconnu", "arrondissement": "75119"}, queryset=Structure.objects.order_by("name")
    )
    assert names(filters) == ["A", "C"]
    assert filters.errors == {"type": ["« inconnu » ne fait pas partie des valeurs proposées pour ce filtre."]}


def test_registry_page_shows_the_wrong_value_beside_its_field(client, three):
    client.force_login(UserFactory(role=Role.MARAUDE))
    response = client.get(reverse("registry:structure_list"), {"type": "inconnu", "arrondissement": "75118"})
    assert response.status_code == 200
    assert [s.name for s in response.context["page"]] == ["B"]
    assert "« inconnu » ne fait pas partie des valeurs proposées pour ce filtre." in text_of(response)
    assert 'aria-invalid="true"' in text_of(response)


def test_map_filter_by_kind(three):
    filters = StructureKindFilter({"type": "caarud"}, queryset=Structure.objects.all())
    assert names(filters) == ["C"]
    assert "type" in StructureKindFilter({"type": "x"}, queryset=Structure.objects.all()).errors


def test_availability_filter_by_programme_and_place_attribute(three):
    programme = ProgrammeFactory(code="assore")
    Structure.objects.filter(name="B").update(programme=programme)
    Place.objects.filter(structure__name="C").update(women_only=True)
    availability_refresh(structures=Structure.objects.filter(name="C"))
    assert names(AvailabilityFilter({"programme": "assore"}, queryset=Structure.objects.operating())) == ["B"]
    assert names(AvailabilityFilter({"caracteristique": "women_only"}, queryset=Structure.objects.operating())) == ["C"]
    unknown = AvailabilityFilter({"programme": "inconnu"}, queryset=Structure.objects.operating())
    assert names(unknown) == ["C", "A", "B"]  # by type, then name
    assert unknown.errors["programme"] == ["« inconnu » ne fait pas partie des valeurs proposées pour ce filtre."]


def test_availability_filter_sorts_by_distance_to_a_valid_point_only():
    StructureFactory(name="Nord", latitude=48.897, longitude=2.389)
    StructureFactory(name="Sud", latitude=48.828, longitude=2.362)
    south = AvailabilityFilter({"lat": "48.83", "lon": "2.36"}, queryset=Structure.objects.operating())
    assert (names(south), south.near) == (["Sud", "Nord"], (48.83, 2.36))
    for wrong, field, message in [
        ({"lat": "abc", "lon": "2.36"}, "lat", "Saisissez un nombre, par exemple 48.85."),
        ({"lat": "48.83", "lon": "181"}, "lon", "Assurez-vous que cette valeur est inférieure ou égale à 180."),
    ]:
        filters = AvailabilityFilter(wrong, queryset=Structure.objects.operating())
        assert filters.near is None
        assert filters.errors[field] == [message]
    assert AvailabilityFilter({"lat": "48.83"}, queryset=Structure.objects.operating()).near is None  # half a point
