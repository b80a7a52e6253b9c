"""The change history of a creation written by the services (`insert_logged`) is auditlog's own."""

import pytest
from auditlog.diff import model_instance_diff

from relais.utils.auditing import creation_diff
from tests.people.factories import ReferralFactory, StayFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("use_json", [False, True])
def test_the_creation_diff_is_auditlogs(settings, use_json):
    settings.AUDITLOG_STORE_JSON_CHANGES = use_json
    # A masked field (the referral's comment), an excluded one (its stay), foreign keys, dates, empty values.
    referral = ReferralFactory(comment="Arrivée prévue lundi")
    stay = StayFactory()
    for instance in (referral, stay):
        expected = model_instance_diff(None, instance, use_json_for_changes=use_json)
        assert creation_diff(instance) == expected
        assert list(creation_diff(instance)) == list(expected)
    referral.comment = ""
    assert creation_diff(referral) == model_instance_diff(None, referral, use_json_for_changes=use_json)
