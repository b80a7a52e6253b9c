"""One access event per API access (tests/audit/test_one_event_per_access.py for the pages)."""

import pytest
from django.urls import reverse

from relais.audit.models import AccessEvent
from relais.users.enums import Role
from tests.factories import StructureFactory
from tests.people.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def test_an_api_admission_writes_one_event(key_for):
    structure = StructureFactory(places=2)
    referral = ReferralFactory(accepted=True, to_structure=structure)
    api = key_for(Role.OPERATEUR, structure.operator)
    assert api.post(reverse("v1:stay-list"), {"referral": referral.pk}, format="json").status_code == 201
    assert list(AccessEvent.objects.values_list("category", "action", "pseudonym")) == [
        ("stay", "create", referral.person.display_code)
    ]
