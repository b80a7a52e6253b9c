"""The sites list's FilterSet and the board's sorting by distance to a site."""

import pytest
from django.urls import reverse

from relais.sites.enums import SiteKind, SiteStatus
from relais.sites.filters import BoardFilter, SiteFilter
from relais.sites.models import Site
from relais.structures.board_sql import BoardRows
from relais.structures.models import Structure
from relais.users.enums import Role
from relais.utils.geo import ARRONDISSEMENT_CENTRES
from tests.factories import StructureFactory, UserFactory
from tests.helpers import text_of
from tests.sites.factories import SiteFactory

pytestmark = pytest.mark.django_db


def names(filterset) -> list[str]:
    return [s.name for s in filterset.qs.order_by("name")]


@pytest.fixture
def sites():
    SiteFactory(name="Assigné", cog="75119")
    SiteFactory(name="Démantelé", cog="75118", status_change__status=SiteStatus.DISMANTLED)
    SiteFactory(name="Toléré", cog="75118", kind=SiteKind.OPEN_SCENE, status_change__status=SiteStatus.TOLERATED)


def test_site_filter_by_status_type_and_arrondissement(sites):
    queryset = Site.objects.with_status()
    assert names(SiteFilter({"statut": "actifs"}, queryset=queryset)) == ["Assigné", "Toléré"]
    assert names(SiteFilter({"statut": "dismantled"}, queryset=queryset)) == ["Démantelé"]
    assert names(SiteFilter({"arrondissement": "75118", "type": "open_scene"}, queryset=queryset)) == [
        "Démantelé",
        "Toléré",
    ]


def test_site_filter_names_a_wrong_status(client, sites):
    filters = SiteFilter({"statut": "disparu", "arrondissement": "75119"}, queryset=Site.objects.with_status())
    assert names(filters) == ["Assigné"]
    assert filters.errors == {"statut": ["« disparu » ne fait pas partie des valeurs proposées pour ce filtre."]}
    client.force_login(UserFactory(role=Role.VILLE))
    response = client.get(reverse("sites:list"), {"statut": "disparu"})
    assert response.status_code == 200
    assert "« disparu » ne fait pas partie des valeurs proposées pour ce filtre." in text_of(response)


def test_board_filter_sorts_by_an_active_site_only(rf):
    site = SiteFactory(cog="75119", latitude=48.8985, longitude=2.3885)
    gone = SiteFactory(status_change__status=SiteStatus.DISMANTLED)
    StructureFactory(name="Proche", latitude=48.897, longitude=2.389)
    StructureFactory(name="Loin", latitude=48.828, longitude=2.362)
    request = rf.get("/")
    request.user = UserFactory(role=Role.COMITE)  # no precise point: the centre of the arrondissement
    filters = BoardFilter({"site": str(site.pk)}, queryset=Structure.objects.operating(), request=request)
    assert ([s.name for s in filters.qs], filters.near) == (["Proche", "Loin"], ARRONDISSEMENT_CENTRES["75119"])
    assert [row.name for row in BoardRows(filters.selection())[0:None]] == ["Proche", "Loin"]
    request.user = UserFactory(role=Role.MARAUDE)
    assert BoardFilter({"site": str(site.pk)}, queryset=Structure.objects.operating(), request=request).near == (
        48.8985,
        2.3885,
    )
    dismantled = BoardFilter({"site": str(gone.pk)}, queryset=Structure.objects.operating(), request=request)
    assert dismantled.near is None
    assert dismantled.errors["site"] == [f"« {gone.pk} » ne fait pas partie des valeurs proposées pour ce filtre."]


def test_board_page_shows_a_wrong_value_and_keeps_the_others(client):
    StructureFactory(name="LHSS", kind="lhss", places=2)
    StructureFactory(name="CAARUD", kind="caarud", places=2)
    client.force_login(UserFactory(role=Role.SOIGNANT))
    response = client.get(reverse("board:index"), {"type": "lhss", "site": "999999", "lat": "nord"})
    assert response.status_code == 200
    assert [r.name for r in response.context["rows"]] == ["LHSS"]
    page = text_of(response)
    assert "« 999999 » ne fait pas partie des valeurs proposées pour ce filtre." in page
    assert "Saisissez un nombre, par exemple 48.85." in page
