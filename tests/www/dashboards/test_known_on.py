"""« Connu au »: the comité's and coordination's figures as they were known on a past day, corrections
entered after it ignored; empty, the figures as corrected since."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from relais.indicators import dashboards, facts
from relais.indicators.enums import Audience
from relais.indicators.filters import (
    ERROR_KNOWN_BEFORE_FACTS,
    ERROR_KNOWN_FUTURE,
    ERROR_KNOWN_NO_FACTS,
)
from relais.indicators.models import IndicatorFact
from relais.indicators.opendata import month_ends
from relais.indicators.registry import end_of
from relais.stays.models import Stay
from relais.structures.capacity import month_starts
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import messages_of, parse, text_of
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def figure(response, figure_id):
    return next(f for f in response.context["dashboard"]["figures"] if f["id"] == figure_id)


def _facts_entered_on(days, entered: datetime.date):
    facts.refresh(days=days, fill_window=False)
    IndicatorFact.objects.update(recorded_at=end_of(entered) - datetime.timedelta(hours=1))


@pytest.fixture
def back_dated_correction():
    """Today, a stay that began four days ago is entered in a structure, and the facts of `days` corrected."""

    def correct(structure, days):
        Stay.objects.create(
            person=PersonFactory(),
            structure=structure,
            admitted_at=timezone.make_aware(
                datetime.datetime.combine(timezone.localdate() - 4 * DAY, datetime.time(11))
            ),
            admitted_by=UserFactory(role=Role.OPERATEUR),
        )
        facts.refresh(days=days, fill_window=False)

    return correct


def test_a_back_dated_correction_changes_the_current_reading_not_the_one_known_the_day_before(
    client, back_dated_correction
):
    structure = StructureFactory(places=2, availability_mode=AvailabilityMode.COMPUTED, kind=StructureKind.HOTEL)
    today = timezone.localdate()
    days = [today - n * DAY for n in range(4, -1, -1)]
    _facts_entered_on(days, today - 3 * DAY)
    client.force_login(UserFactory(role=Role.COORDINATION))
    url = reverse("dashboards:coordination")
    shown = today - 2 * DAY
    assert figure(client.get(url, {"au": shown.isoformat()}), "places_free")["value"] == 2

    back_dated_correction(structure, days)

    current = client.get(url, {"au": shown.isoformat()})
    assert figure(current, "places_free")["value"] == 1
    assert "corrections faites depuis comprises" in current.context["reading_label"]
    known = client.get(url, {"au": shown.isoformat(), "connu_au": (today - DAY).isoformat()})
    assert messages_of(known) == []
    assert figure(known, "places_free")["value"] == 2
    assert known.context["filters"].known_on == today - DAY
    page = text_of(known)
    assert f"Chiffres tels que connus le {(today - DAY).day} " in page
    assert parse(known).select_one("input[name=connu_au]")["value"] == (today - DAY).isoformat()
    # « Connu au » alone: the figures of that day as known at its end.
    alone = client.get(url, {"connu_au": (today - DAY).isoformat()})
    assert (alone.context["filters"].day, figure(alone, "places_free")["value"]) == (today - DAY, 2)
    # The comité's dashboard has it too (its figures are published: only the reading is checked here).
    comite = client.get(reverse("dashboards:comite"), {"connu_au": (today - DAY).isoformat()})
    assert comite.context["filters"].known_on == today - DAY
    # Exports say which reading they hold.
    export = client.get(
        reverse("dashboards:coordination_export", args=["par-type", "csv"]),
        {"au": shown.isoformat(), "connu_au": (today - DAY).isoformat()},
    )
    assert "Chiffres tels que connus le" in export.content.decode("utf-8-sig")


def test_connu_au_is_refused_in_the_future_before_the_facts_and_before_the_figures_day(client):
    client.force_login(UserFactory(role=Role.COORDINATION))
    url = reverse("dashboards:coordination")
    today = timezone.localdate()
    response = client.get(url, {"connu_au": (today - DAY).isoformat()})
    assert messages_of(response) == [ERROR_KNOWN_NO_FACTS]
    assert response.context["filters"].known_on is None

    StructureFactory(places=2)
    _facts_entered_on([today - 2 * DAY, today], today - 2 * DAY)
    response = client.get(url, {"connu_au": (today + DAY).isoformat()})
    assert messages_of(response) == [ERROR_KNOWN_FUTURE]
    assert (response.context["filters"].known_on, response.context["filters"].day) == (None, today)
    response = client.get(url, {"connu_au": (today - 5 * DAY).isoformat()})
    first = today - 2 * DAY
    assert messages_of(response) == [ERROR_KNOWN_BEFORE_FACTS.format(first=_long(first))]
    response = client.get(url, {"au": today.isoformat(), "connu_au": first.isoformat()})
    assert "n'étaient pas encore connus" in messages_of(response)[0]
    assert response.context["filters"].known_on is None
    response = client.get(url, {"connu_au": "hier"})
    assert "« hier » n'est pas une date valide" in messages_of(response)[0]
    # Not offered where the figures are not read from the facts.
    client.force_login(UserFactory(role=Role.POLICE))
    police = client.get(reverse("dashboards:police"), {"connu_au": first.isoformat()})
    assert "connu_au" not in police.context["filter_form"].fields
    assert police.context["filters"].known_on is None


def _long(day):
    return formats.date_format(day, "j F Y")


def test_the_comite_dashboard_known_on_the_day_it_was_shown_is_the_one_shown_then(back_dated_correction):
    """What a frozen situation report stands for: after a back-dated correction, the dashboard read as
    known on the day it was shown gives the figures shown then, cell for cell; the current one moves."""
    structure = StructureFactory(places=3, availability_mode=AvailabilityMode.COMPUTED, kind=StructureKind.HOTEL)
    StructureFactory(places=4, kind=StructureKind.LHSS)
    today = timezone.localdate()
    shown = today - 2 * DAY
    # The days this dashboard reads over a period of 6 months (its figures, comparisons and monthly tables).
    since = dashboards.months_before(shown, 6)
    days = sorted(
        {shown, since, shown.replace(day=1) - DAY}
        | set(month_ends(shown, 6))
        | set(month_starts(since.replace(day=1), shown))
    )
    _facts_entered_on(days, shown)
    then = dashboards.build(Audience.COMITE, dashboards.Filters(day=shown, months=6))

    back_dated_correction(structure, days)
    known = dashboards.build(Audience.COMITE, dashboards.Filters(day=shown, months=6, known_on=shown))
    current = dashboards.build(Audience.COMITE, dashboards.Filters(day=shown, months=6))
    assert known == then
    assert current != then
