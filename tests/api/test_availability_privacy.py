"""Roles without precise points get availability sorted by the arrondissement centre, as on the board."""

import pytest
from django.urls import reverse

from relais.users.enums import Role
from relais.utils.geo import ARRONDISSEMENT_CENTRES
from tests.factories import StructureFactory
from tests.sites.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "first"), [(Role.COMITE, "Au centre"), (Role.VILLE, "Au centre"), (Role.COORDINATION, "Près du site")]
)
def test_the_availability_list_does_not_sort_by_a_hidden_point(key_for, role, first):
    lat, lon = ARRONDISSEMENT_CENTRES["75118"]
    site = SiteFactory(cog="75118", latitude=lat + 0.02, longitude=lon + 0.02)
    StructureFactory(name="Près du site", cog="75118", latitude=lat + 0.021, longitude=lon + 0.021, places=3)
    StructureFactory(name="Au centre", cog="75118", latitude=lat, longitude=lon, places=3)
    response = key_for(role).get(reverse("v1:availability-list"), {"site": site.pk})
    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == first
