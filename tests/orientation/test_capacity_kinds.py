"""The capacity plan per kind of place against hand-computed cases: shares of the admissions, lengths of
stay, returns to the street, the scene split and the flow estimate per kind; exact for coordination,
published for the comité; who reads it."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.indicators.capacity import capacity_publish
from relais.indicators.publication import publisher_for
from relais.orientation.capacity import Rates
from relais.orientation.capacity_answer import capacity_answer
from relais.orientation.capacity_kinds import KindCounts, kind_rates, kinds_measured, shares, split_scene
from relais.stays.models import Stay
from relais.structures.enums import StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import assert_published, select, select_one, text
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
QUESTION = {"scene": 36, "weeks": 4, "rest_arrivals": 20}


def _stays(kind, *, count, days, street=0, places=10):
    """`count` stays of `days` days in a structure of `kind`, ended 10 days ago, `street` of them back on
    the street."""
    structure = StructureFactory(kind=kind, places=places, availability_mode="computed")
    operator = UserFactory(operateur_of=structure.operator)
    out = timezone.now() - datetime.timedelta(days=10)
    for k in range(count):
        Stay.objects.create(
            person=PersonFactory(),
            structure=structure,
            admitted_by=operator,
            admitted_at=out - datetime.timedelta(days=days),
            exited_at=out,
            exit_destination="street" if k < street else "housing",
        )
    return structure


@pytest.fixture
def places():
    """Hotel: 20 stays of 2 weeks, none back on the street (30 places). CHRS: 10 stays of 4 weeks, 5 back
    on the street (20 places). LHSS: 3 stays (too few for its own rates), 10 places. No LAM. A rest space's
    stays are left out."""
    _stays(StructureKind.HOTEL, count=20, days=14, places=30)
    _stays(StructureKind.CHRS, count=10, days=28, street=5, places=20)
    _stays(StructureKind.LHSS, count=3, days=7, places=10)
    _stays(StructureKind.REST_NIGHT, count=12, days=1, places=15)


def test_shares_lengths_and_returns_per_kind_are_measured_from_the_stays(places):
    counts = {c.kind: c for c in kinds_measured(until=timezone.localdate())}
    assert list(counts) == ["hotel", "lhss", "lam", "chrs"]  # rest spaces keep Erlang B
    assert (counts["hotel"].admissions, counts["hotel"].street_exits, counts["hotel"].places) == (20, 0, 30)
    assert (counts["chrs"].admissions, counts["chrs"].exits, counts["chrs"].street_exits) == (10, 10, 5)
    assert counts["lam"].admissions == 0 and counts["lam"].places == 0
    split = shares(list(counts.values()))
    # Measured on the 33 admissions of the window: a kind with few (LHSS) or none (LAM) has a small share.
    assert split == pytest.approx({"hotel": 20 / 33, "lhss": 3 / 33, "lam": 0, "chrs": 10 / 33})
    overall = Rates(10.0, 12.0, 0.15, measured={"arrivals_per_week": 0}, since=None, until=None)
    rates = kind_rates(list(counts.values()), overall, since=None, until=None)["rates"]
    assert rates["hotel"].mean_stay_weeks == pytest.approx(2.0) and rates["hotel"].return_share == 0
    assert rates["chrs"].mean_stay_weeks == pytest.approx(4.0) and rates["chrs"].return_share == pytest.approx(0.5)
    assert rates["hotel"].arrivals_per_week == pytest.approx(10 * 20 / 33)
    assert (rates["lhss"].mean_stay_weeks, rates["lhss"].return_share) == (12.0, 0.15)  # defaults: 3 stays
    assert rates["lhss"].measured["share"] == 33 and rates["lhss"].measured["mean_stay_weeks"] == 0


def test_no_kind_measured_splits_by_places_and_equally_without_places():
    def counts(kind, places):
        return KindCounts(kind, 2, 0, 0, 1.0, places)

    # Four admissions in all: the shares are the parts of the places in service, or equal parts.
    assert shares([counts("hotel", 30), counts("chrs", 10)]) == {"hotel": 0.75, "chrs": 0.25}
    assert shares([counts("hotel", 0), counts("chrs", 0)]) == {"hotel": 0.5, "chrs": 0.5}


def test_a_hidden_count_takes_its_default_share_and_the_kinds_seen_split_the_rest():
    hidden = KindCounts("chrs", None, None, None, 1.0, 20)
    seen = [KindCounts("hotel", 30, 0, 0, 1.0, 60), KindCounts("lam", 0, 0, 0, 0.0, 20)]
    assert shares([*seen, hidden]) == pytest.approx({"hotel": 0.8, "lam": 0, "chrs": 0.2})


def test_the_scene_is_split_by_largest_remainders():
    assert split_scene(36, {"hotel": 5 / 9, "lhss": 1 / 6, "lam": 0, "chrs": 5 / 18}) == {
        "hotel": 20,
        "lhss": 6,
        "lam": 0,
        "chrs": 10,
    }
    assert sum(split_scene(10, {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}).values()) == 10


def test_coordination_reads_the_exact_answer_per_kind(places):
    today = timezone.localdate()
    answer = capacity_answer(**QUESTION, back_test_on=today)
    kinds = {k["kind"]: k for k in answer["by_kind"]}
    # 36 x (20, 3, 0, 10) / 33 = 21.8, 3.3, 0, 10.9: the two largest remainders take the two left.
    assert [k["scene"] for k in kinds.values()] == [22, 3, 0, 11]
    # Flow: ceil(part / (1 + W / stay)): hotel 22 / (1 + 4/2), CHRS 11 / (1 + 4/4), LHSS 3 / (1 + 4/12).
    assert (kinds["hotel"]["flow"], kinds["chrs"]["flow"], kinds["lhss"]["flow"], kinds["lam"]["flow"]) == (8, 6, 3, 0)
    assert kinds["chrs"]["counts"] == {"admissions": "10", "exits": "10", "street_exits": "5"}
    # No contact recorded: the arrivals default too (10 a week, split by the shares).
    assert kinds["lhss"]["rates"]["defaults"] == ["arrivals_per_week", "mean_stay_weeks", "return_share"]
    assert "share" not in kinds["chrs"]["rates"]["defaults"]
    assert kinds["lam"]["rows"] == [] and len(kinds["hotel"]["rows"]) >= 3
    assert all(0 <= row["probability"] <= 1 for row in kinds["hotel"]["rows"])
    assert kinds["hotel"]["steady"]["places"] >= 1
    # The back-test needs ten places occupied and ten admissions after the date: none here.
    assert not any(k["back_test"]["enough"] for k in kinds.values())
    assert answer["flow"] >= 1  # the whole answer is kept


def test_the_comite_reads_published_counts_and_rates_computed_from_them(places):
    today = timezone.localdate()
    answer = capacity_answer(**QUESTION, back_test_on=today, publish=capacity_publish(publisher_for(Role.COMITE)))
    kinds = {k["kind"]: k for k in answer["by_kind"]}
    assert_published(kinds["hotel"]["counts"]["admissions"], 20)
    # Ten CHRS admissions are « < 11 » for the comité: its share (its part of the places in service, 20 / 60)
    # and its rates fall back to their defaults; LAM (0 admissions) is seen and takes no part.
    assert kinds["chrs"]["share"] == pytest.approx(1 / 3, abs=1e-3) and kinds["lam"]["share"] == 0
    assert kinds["chrs"]["counts"]["admissions"] == "< 11"
    assert {"share", "mean_stay_weeks", "return_share"} <= set(kinds["chrs"]["rates"]["defaults"])
    assert kinds["chrs"]["rates"]["mean_stay_weeks"] == 12.0
    assert sum(k["scene"] for k in kinds.values()) == 36


def test_a_kind_admitted_to_only_after_the_back_test_date_is_planned_without_its_back_test(places):
    _stays(StructureKind.PSYCHIATRY, count=11, days=7, places=5)  # admitted 17 days ago
    today = timezone.localdate()
    answer = capacity_answer(**QUESTION, back_test_on=today - datetime.timedelta(weeks=4))
    (psychiatry,) = [k for k in answer["by_kind"] if k["kind"] == "psychiatry"]
    assert psychiatry["counts"]["admissions"] == "11" and psychiatry["back_test"] == {"enough": False}


def test_the_page_shows_a_table_per_kind_in_a_fixed_number_of_queries(client, places):
    client.force_login(UserFactory(role=Role.COORDINATION))
    question = {**QUESTION, "back_test_on": timezone.localdate().isoformat()}
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("orientation:capacity"), question)
    assert page.status_code == 200
    first = len(queries)
    _stays(StructureKind.LAM, count=11, days=7, places=5)
    _stays(StructureKind.PSYCHIATRY, count=11, days=7, places=5)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("orientation:capacity"), question)
    assert len(queries) == first  # more stays and one more kind measured, the same queries
    assert select(again, "[data-testid=kind-psychiatry]")
    row = text(select_one(page, "[data-testid=kind-chrs]"))
    assert row.startswith("Centre d'hébergement et de réinsertion sociale (CHRS) 10 30 % 11 4,0 sem. 50 % 6")
    assert "(par défaut)" in text(select_one(page, "[data-testid=kind-lhss]"))
    assert select(page, "[data-testid=plan-hotel]") and not select(page, "[data-testid=plan-lam]")


def test_the_comite_page_per_kind_shows_published_counts(client, places):
    client.force_login(UserFactory(role=Role.COMITE))
    page = client.get(reverse("orientation:capacity"), {**QUESTION, "back_test_on": timezone.localdate().isoformat()})
    assert "< 11" in text(select_one(page, "[data-testid=kind-chrs]"))


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.OPERATEUR, Role.SOIGNANT])
def test_roles_without_access_do_not_read_the_plan_per_kind(client, places, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("orientation:capacity"), {**QUESTION, "back_test_on": "2026-01-05"})
    assert response.status_code == 403
    assert b"by-kind" not in response.content


def test_plan_capacity_prints_the_table_per_kind(places, capsys):
    call_command("plan_capacity", scene=36, weeks=4, back_test_weeks_ago=8)
    out = capsys.readouterr().out
    assert "| type de place | admissions | part | personnes | durée (sem.) | retours à la rue | flux |" in out
    assert "| Centre d'hébergement et de réinsertion sociale (CHRS) | 10 | 30 % | 11 | 4.0 | 50 % | 6 |" in out


def test_a_kind_with_no_arrivals_needs_no_place_and_says_why(client, places, capsys):
    """LAM took no admission in the window: its share, its arrivals and its steady-state need are 0 (the
    formulas gave at least one place), on the answer, the page (a quoted answer renders the same) and the
    command's table. No passage in the rest spaces: no rest space either."""
    answer = capacity_answer(**{**QUESTION, "rest_arrivals": 0}, back_test_on=timezone.localdate())
    lam = {k["kind"]: k for k in answer["by_kind"]}["lam"]
    assert lam["steady"] == {"places": 0, "load": 0.0, "wait_probability": 0.0, "mean_wait_days": 0.0}
    assert answer["rest"]["places"] == 0
    client.force_login(UserFactory(role=Role.COORDINATION))
    question = {**QUESTION, "rest_arrivals": 0, "back_test_on": timezone.localdate().isoformat()}
    page = client.get(reverse("orientation:capacity"), question)
    assert "0 (aucune arrivée)" in text(select_one(page, "[data-testid=kind-lam]"))
    assert "aucun passage par nuit : aucune place" in text(select_one(page, "[data-testid=steady]"))
    call_command("plan_capacity", scene=36, weeks=4, back_test_weeks_ago=8, rest_arrivals=0)
    out = capsys.readouterr().out
    assert "| Lits d'accueil médicalisés (LAM) | 0 | 0 % | 0 |" in out and "| 0 (aucune arrivée) |" in out
    assert "espaces de repos : 0 place (aucun passage par nuit)" in out
