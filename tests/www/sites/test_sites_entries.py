"""Entries on sites through the interface: good ones are written (and in the change history),
bad ones get a French message and write nothing, and each role writes only what its rule allows."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from relais.sites.enums import Destination, SiteStatus
from relais.sites.models import (
    Displacement,
    DisplacementDestination,
    OnSiteActivity,
    SecurityOperation,
    SiteObservation,
    SiteService,
    SiteStatusChange,
)
from relais.structures.enums import StructureKind
from relais.users.enums import ALL_ROLES, Role
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.helpers import messages_of, select_one, text, texts
from tests.sites.factories import ActivityFactory, SiteFactory
from tests.sites.helpers import page_text

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)

OPERATION = {
    "day": YESTERDAY.isoformat(),
    "kind": "anti_trafficking",
    "arrests": "6",
    "custody": "4",
    "seizure_grams": "35.5",
    "seizure_euros": "1200",
    "kitchens_dismantled": "1",
    "officers_engaged": "40",
}


def login(client, role, **kwargs):
    user = UserFactory(role=role, **kwargs)
    client.force_login(user)
    return user


def refusals(response) -> list[str]:
    """What the form says is wrong: each field's errors and the alert above the form."""
    return texts(response, "main .fr-error-text, main [data-testid=form-errors] p")


def refused(response, message: str) -> bool:
    return any(message in refusal for refusal in refusals(response))


# --- security operations: police only, counts only -------------------------------------------


def test_police_records_an_operation_at_forceval(client):
    site = SiteFactory(name="Forceval / place Auguste-Baron")
    police = login(client, Role.POLICE)
    response = client.post(reverse("sites:operation_add", args=[site.pk]), OPERATION)
    assert response.status_code == 302
    operation = SecurityOperation.objects.get()
    assert (operation.site, operation.arrests, operation.custody, str(operation.seizure_grams)) == (site, 6, 4, "35.5")
    assert operation.organization == police.organization
    assert operation.recorded_by == police
    entry = LogEntry.objects.get_for_object(operation).get()
    assert entry.actor == police
    assert messages_of(response) == ["L'opération a été enregistrée."]


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.POLICE}))
def test_only_the_police_records_operations(client, role):
    site = SiteFactory()
    login(client, role)
    assert client.get(reverse("sites:operation_add", args=[site.pk])).status_code == 403
    assert client.post(reverse("sites:operation_add", args=[site.pk]), OPERATION).status_code == 403
    assert not SecurityOperation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"custody": "7"}, "Les gardes à vue (7) ne peuvent dépasser les interpellations (6)."),
        ({"day": TOMORROW.isoformat()}, "La date ne peut pas être dans le futur."),
        ({"arrests": "-1"}, "supérieure ou égale à 0"),
        ({"kind": "identity_check"}, "Sélectionnez un choix valide"),
        ({"nom": "Dupont"}, "Champ(s) inconnu(s) refusé(s) : nom. Rien n'a été enregistré."),
        ({"identite": "X", "name": "Y"}, "Champ(s) inconnu(s) refusé(s) : identite, name."),
    ],
)
def test_bad_operations_write_nothing(client, changes, message):
    site = SiteFactory()
    login(client, Role.POLICE)
    response = client.post(reverse("sites:operation_add", args=[site.pk]), {**OPERATION, **changes})
    assert response.status_code == 200
    assert refused(response, message)
    assert refused(response, "Rien n'a été enregistré")
    assert not SecurityOperation.objects.exists()


def test_the_operation_form_has_no_field_for_a_person(client):
    site = SiteFactory()
    login(client, Role.POLICE)
    response = client.get(reverse("sites:operation_add", args=[site.pk]))
    fields = set(response.context["form"].fields)
    assert fields == {"day", "kind", "arrests", "custody", "seizure_grams", "seizure_euros"} | {
        "kitchens_dismantled",
        "officers_engaged",
    }
    assert {f.name for f in SecurityOperation._meta.get_fields()} == {
        "id",
        "site",
        "day",
        "kind",
        "arrests",
        "custody",
        "seizure_grams",
        "seizure_euros",
        "kitchens_dismantled",
        "officers_engaged",
        "organization",
        "recorded_by",
        "recorded_at",
    }


# --- observations ------------------------------------------------------------------------------


def _observation(**changes):
    moment = timezone.localtime() - datetime.timedelta(hours=3)
    return {
        "observed_at": moment.strftime("%Y-%m-%dT%H:%M"),
        "period": "night",
        "headcount_min": "150",
        "headcount_max": "200",
        "conditions": "Site calme, pluie, matériel distribué",
        **changes,
    }


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR, Role.COORDINATION])
def test_field_roles_record_an_observation(client, role):
    site = SiteFactory()
    user = login(client, role)
    response = client.post(reverse("sites:observation_add", args=[site.pk]), _observation())
    assert response.status_code == 302
    observation = SiteObservation.objects.get()
    assert (observation.headcount_min, observation.headcount_max, observation.period) == (150, 200, "night")
    assert observation.organization == user.organization
    assert LogEntry.objects.get_for_object(observation).get().actor == user


def test_a_single_value_is_a_range_of_one(client):
    site = SiteFactory()
    login(client, Role.MARAUDE)
    client.post(reverse("sites:observation_add", args=[site.pk]), _observation(headcount_max=""))
    assert SiteObservation.objects.values_list("headcount_min", "headcount_max").get() == (150, 150)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"headcount_min": "250"}, "L'estimation basse (250) dépasse l'estimation haute (200)."),
        (
            {"observed_at": (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
            "La date et l'heure ne peuvent pas être dans le futur.",
        ),
        ({"conditions": "M. Dupont était présent"}, "civilité suivie d'un nom"),
        ({"conditions": "Une femme qui s'appelle Nadia"}, "nom ou surnom"),
        ({"conditions": "né le 12/03/1985"}, "date de naissance"),
        ({"conditions": "joignable au 06 12 34 56 78"}, "numéro de téléphone"),
        ({"conditions": "x" * 281}, "au plus 280 caractères"),
        ({"prenom": "Nadia"}, "Champ(s) inconnu(s) refusé(s) : prenom."),
    ],
)
def test_bad_observations_write_nothing(client, changes, message):
    site = SiteFactory()
    login(client, Role.MARAUDE)
    response = client.post(reverse("sites:observation_add", args=[site.pk]), _observation(**changes))
    assert response.status_code == 200
    assert refused(response, message)
    assert not SiteObservation.objects.exists()


def test_the_observation_form_warns_against_names(client):
    site = SiteFactory()
    login(client, Role.MARAUDE)
    response = client.get(reverse("sites:observation_add", args=[site.pk]))
    assert "N'écrivez jamais de nom, de surnom" in text(select_one(response, "#id_conditions_helptext"))
    assert select_one(response, "textarea#id_conditions, input#id_conditions")["data-maxlength"] == "280"


@pytest.mark.parametrize("role", [Role.POLICE, Role.COMITE, Role.VILLE, Role.AUDITEUR, Role.ADMIN])
def test_other_roles_record_no_observation(client, role):
    site = SiteFactory()
    login(client, role)
    assert client.post(reverse("sites:observation_add", args=[site.pk]), _observation()).status_code == 403
    assert not SiteObservation.objects.exists()


# --- on-site activity: a week in one form ------------------------------------------------------


def _monday_weeks_ago(weeks):
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7 * weeks)


def _week(monday, rows, **extra):
    data = {"week_start": monday.isoformat(), **extra}
    for offset, values in rows.items():
        day = monday + datetime.timedelta(days=offset)
        for act, n in values.items():
            data[f"{act}_{day:%Y%m%d}"] = str(n)
    return data


def test_maraude_records_a_week_of_activity(client):
    site = SiteFactory()
    maraude = login(client, Role.MARAUDE)
    monday = _monday_weeks_ago(1)
    rows = {n: {"first_aid": n + 1, "harm_reduction_kits": 30 + n, "crack_pipes": 50} for n in range(6)}
    response = client.post(reverse("sites:activity_week", args=[site.pk]), _week(monday, rows))
    assert response.status_code == 302
    saved = OnSiteActivity.objects.order_by("day")
    assert [a.day for a in saved] == [monday + datetime.timedelta(days=n) for n in range(6)]  # Sunday left empty
    assert [a.first_aid for a in saved] == [1, 2, 3, 4, 5, 6]
    assert {a.organization for a in saved} == {maraude.organization}
    assert sum(a.harm_reduction_kits for a in saved) == 30 * 6 + 15
    assert LogEntry.objects.filter(object_pk__in=[str(a.pk) for a in saved], actor=maraude).count() == 6

    # The same week again replaces the figures of the days entered, and the form shows them.
    page = client.get(reverse("sites:activity_week", args=[site.pk]), {"semaine": monday.isoformat()})
    assert page.context["form"][f"first_aid_{monday:%Y%m%d}"].value() == 1
    client.post(reverse("sites:activity_week", args=[site.pk]), _week(monday, {0: {"first_aid": 9}}))
    assert OnSiteActivity.objects.count() == 6
    assert OnSiteActivity.objects.get(day=monday).first_aid == 9
    assert OnSiteActivity.objects.get(day=monday).harm_reduction_kits == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda m: _week(m, {0: {"first_aid": 2}, 1: {"nursing_care": -3}}), "supérieure ou égale à 0"),
        (lambda m: _week(m, {}), "Aucun acte saisi pour cette semaine"),
        (lambda m: _week(m, {0: {"first_aid": 2}}, patient="X"), "Champ(s) inconnu(s) refusé(s) : patient."),
        (lambda m: _week(m, {0: {"first_aid": 2}}, first_aid_19990101="4"), "first_aid_19990101"),
    ],
)
def test_bad_weeks_write_nothing(client, data, message):
    site = SiteFactory()
    login(client, Role.SOIGNANT)
    response = client.post(reverse("sites:activity_week", args=[site.pk]), data(_monday_weeks_ago(2)))
    assert response.status_code == 200
    assert refused(response, message)
    assert not OnSiteActivity.objects.exists()


def test_future_days_cannot_be_entered(client):
    site = SiteFactory()
    login(client, Role.OPERATEUR)
    next_monday = _monday_weeks_ago(-1)
    page = client.get(reverse("sites:activity_week", args=[site.pk]), {"semaine": next_monday.isoformat()})
    assert all(row["future"] for row in page.context["form"].grid)
    response = client.post(reverse("sites:activity_week", args=[site.pk]), _week(next_monday, {0: {"first_aid": 5}}))
    assert refused(response, "Aucun acte saisi")
    assert not OnSiteActivity.objects.exists()


def test_coordination_enters_a_week_for_an_organisation(client):
    site = SiteFactory()
    team = OrganizationFactory(name="Équipe de rue test")
    login(client, Role.COORDINATION)
    monday = _monday_weeks_ago(3)
    response = client.post(
        reverse("sites:activity_week", args=[site.pk]),
        _week(monday, {2: {"orientations": 3}}, organization=str(team.pk)),
    )
    assert response.status_code == 302
    assert OnSiteActivity.objects.get().organization == team
    page = client.get(reverse("sites:activity_week", args=[site.pk]), {"semaine": monday.isoformat()})
    assert text(select_one(page, "label[for=id_organization]")) == "Organisation qui a réalisé les actes"
    assert text(select_one(page, f"select#id_organization option[value='{team.pk}']")) == str(team)


@pytest.mark.parametrize("role", [Role.POLICE, Role.COMITE, Role.VILLE, Role.AUDITEUR, Role.ADMIN])
def test_other_roles_record_no_activity(client, role):
    site = SiteFactory()
    login(client, role)
    data = _week(_monday_weeks_ago(1), {0: {"first_aid": 1}})
    assert client.post(reverse("sites:activity_week", args=[site.pk]), data).status_code == 403
    assert not OnSiteActivity.objects.exists()


# --- displacements ---------------------------------------------------------------------------


def _displacement(rows, **extra):
    data = {"day": "2022-10-05", "kind": "evacuation", "decision": "Décision du préfet de police", **extra}
    for n, (destination, structure, people) in enumerate(rows, start=1):
        data[f"destination_{n}"] = destination
        data[f"structure_{n}"] = str(structure.pk) if structure else ""
        data[f"people_{n}"] = str(people)
    return data


def test_coordination_records_an_evacuation_with_its_destinations(client):
    forceval = SiteFactory(name="Forceval / place Auguste-Baron")
    later = SiteFactory(name="Porte d'Aubervilliers")
    rest = StructureFactory(name="Espace de repos de nuit test", kind=StructureKind.REST_NIGHT)
    hotel = StructureFactory(name="ASSORE test", kind=StructureKind.HOTEL)
    coordination = login(client, Role.COORDINATION)
    data = _displacement(
        [
            (Destination.REST_SPACE, rest, 37),
            (Destination.ASSORE_PHASE, hotel, 18),
            (Destination.REFUSED, None, 41),
            (Destination.UNKNOWN, None, 48),
        ],
        reappeared_at=[str(later.pk)],
    )
    response = client.post(reverse("sites:displacement_add", args=[forceval.pk]), data)
    assert response.status_code == 302
    displacement = Displacement.objects.get()
    assert displacement.day == datetime.date(2022, 10, 5)
    assert list(displacement.reappeared_at.all()) == [later]
    assert set(displacement.destinations.values_list("destination", "structure__name", "people")) == {
        ("rest_space", "Espace de repos de nuit test", 37),
        ("assore_phase", "ASSORE test", 18),
        ("refused", None, 41),
        ("unknown", None, 48),
    }
    assert LogEntry.objects.get_for_object(displacement).get().actor == coordination

    page = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2022-10-01", "au": "2022-10-31"})
    section = select_one(page, f"section[data-testid=displacement-{displacement.pk}]")
    assert text(section.select_one("h3")) == "Évacuation du 05/10/2022 : 144 personnes"
    assert "37 → Espace de repos : Espace de repos de nuit test" in texts(section, "li")
    later_page = page_text(client.get(reverse("sites:detail", args=[later.pk])))
    assert "La scène s'est reformée ici après : Forceval / place Auguste-Baron" in later_page


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "Indiquez au moins une destination avec un nombre de personnes."),
        ([("rest_space", "lhss", 5)], "ne correspond pas à la destination « Espace de repos »"),
        ([("refused", "rest", 5)], "La destination « Refus de prise en charge » ne se rattache à aucune structure."),
        ([("unknown", None, 0), ("", "rest", 4)], "Ligne 2 : choisissez une destination et un nombre de personnes."),
    ],
)
def test_bad_evacuations_write_nothing(client, rows, message):
    site = SiteFactory()
    structures = {
        "rest": StructureFactory(kind=StructureKind.REST_DAY),
        "lhss": StructureFactory(kind=StructureKind.LHSS),
        None: None,
    }
    login(client, Role.COORDINATION)
    data = _displacement([(d, structures[s], n) for d, s, n in rows])
    response = client.post(reverse("sites:displacement_add", args=[site.pk]), data)
    assert response.status_code == 200
    assert refused(response, message)
    assert not Displacement.objects.exists()
    assert not DisplacementDestination.objects.exists()


def test_an_evacuation_in_the_future_or_with_unknown_fields_is_refused(client):
    site = SiteFactory()
    login(client, Role.COORDINATION)
    url = reverse("sites:displacement_add", args=[site.pk])
    rows = [(Destination.UNKNOWN, None, 10)]
    response = client.post(url, _displacement(rows, day=TOMORROW.isoformat()))
    assert refused(response, "La date ne peut pas être dans le futur.")
    response = client.post(url, _displacement(rows, noms="A, B"))
    assert refused(response, "Champ(s) inconnu(s) refusé(s) : noms.")
    assert not Displacement.objects.exists()
    # The refused rows come back as typed, in the form's own widgets.
    assert select_one(response, "select#id_destination_1 option[selected]")["value"] == Destination.UNKNOWN
    assert select_one(response, "input#id_people_1")["value"] == "10"
    assert text(select_one(response, "label[for=id_structure_1]")) == "Structure du registre 1"


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.COORDINATION}))
def test_only_coordination_records_evacuations_and_lifecycle(client, role):
    site = SiteFactory()
    login(client, role)
    rows = [(Destination.UNKNOWN, None, 10)]
    assert client.post(reverse("sites:displacement_add", args=[site.pk]), _displacement(rows)).status_code == 403
    status = {"status": "dismantled", "effective_on": YESTERDAY.isoformat(), "decision": "x"}
    assert client.post(reverse("sites:status_add", args=[site.pk]), status).status_code == 403
    assert client.get(reverse("sites:create")).status_code == 403
    assert not Displacement.objects.exists()
    assert SiteStatusChange.objects.count() == 1


def test_the_reappearance_is_recorded_later(client):
    site, later = SiteFactory(), SiteFactory()
    login(client, Role.COORDINATION)
    client.post(reverse("sites:displacement_add", args=[site.pk]), _displacement([(Destination.UNKNOWN, None, 10)]))
    displacement = Displacement.objects.get()
    assert not displacement.reappeared_at.exists()
    response = client.post(reverse("sites:reappearance", args=[displacement.pk]), {"reappeared_at": [str(later.pk)]})
    assert response.status_code == 302
    assert list(displacement.reappeared_at.all()) == [later]
    response = client.post(reverse("sites:reappearance", args=[displacement.pk]), {"reappeared_at": [str(site.pk)]})
    assert response.status_code == 200  # a site cannot be where its own scene re-formed (not offered)
    assert list(displacement.reappeared_at.all()) == [later]


# --- lifecycle, services, sites ------------------------------------------------------------------


def test_lifecycle_needs_the_decision_for_an_assignment(client):
    site = SiteFactory(appeared=True)
    login(client, Role.COORDINATION)
    url = reverse("sites:status_add", args=[site.pk])
    response = client.post(url, {"status": "assigned", "effective_on": YESTERDAY.isoformat(), "decision": ""})
    assert refused(response, "Indiquez la décision qui assigne le site.")
    response = client.post(url, {"status": "appeared", "effective_on": YESTERDAY.isoformat(), "decision": ""})
    assert refused(response, "Le site a déjà ce statut à cette date.")
    response = client.post(url, {"status": "dismantled", "effective_on": TOMORROW.isoformat(), "decision": ""})
    assert refused(response, "La date ne peut pas être dans le futur.")
    assert SiteStatusChange.objects.count() == 1
    decision = "Arrêté du préfet de police du 24/09/2021"
    response = client.post(url, {"status": "assigned", "effective_on": YESTERDAY.isoformat(), "decision": decision})
    assert response.status_code == 302
    change = SiteStatusChange.objects.latest("effective_on")
    assert change.decision == decision
    assert LogEntry.objects.get_for_object(change).get().actor.role == Role.COORDINATION
    page = client.get(reverse("sites:detail", args=[site.pk]))
    assert page.context["site"].status == SiteStatus.ASSIGNED


def test_a_care_unit_links_an_onsite_care_structure(client):
    site = SiteFactory()
    unit = StructureFactory(name="Unité de soins test", kind=StructureKind.ONSITE_CARE)
    login(client, Role.COORDINATION)
    url = reverse("sites:service_add", args=[site.pk])
    response = client.post(url, {"kind": "water", "structure": str(unit.pk), "installed_on": YESTERDAY.isoformat()})
    assert refused(response, "Seule une unité de soins se rattache à une structure")
    assert not SiteService.objects.exists()
    client.post(url, {"kind": "care_unit", "structure": str(unit.pk), "installed_on": YESTERDAY.isoformat()})
    service = SiteService.objects.get()
    assert service.structure == unit
    assert LogEntry.objects.get_for_object(service).count() == 1
    services = select_one(
        client.get(reverse("sites:detail", args=[site.pk])), "table:has(caption:-soup-contains('Services'))"
    )
    assert [text(cell) for cell in services.select("tbody tr td")[:2]] == ["Unité de soins", "Unité de soins test"]
    response = client.post(reverse("sites:service_end", args=[service.pk]), {"on": YESTERDAY.isoformat()})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.removed_on == YESTERDAY
    assert LogEntry.objects.get_for_object(service).latest("timestamp").changes_dict["removed_on"][1] == str(YESTERDAY)


def test_coordination_creates_a_site_and_names_are_refused(client):
    login(client, Role.COORDINATION)
    data = {
        "name": "Square test",
        "kind": "open_scene",
        "description": "Square et abords",
        "cog": "75119",
        "other_cogs": "75110, 75118",
        "latitude": "48.89",
        "longitude": "2.38",
        "area_geojson": '{"type": "Polygon", "coordinates": [[[2.38, 48.89], [2.381, 48.89], [2.381, 48.891], [2.38, 48.89]]]}',
    }
    response = client.post(reverse("sites:create"), {**data, "description": "Là où dort Mme Martin"})
    assert refused(response, "civilité suivie d'un nom")
    response = client.post(reverse("sites:create"), {**data, "area_geojson": '{"type": "Point"}'})
    assert refused(response, "Polygon ou MultiPolygon")
    response = client.post(reverse("sites:create"), {**data, "other_cogs": "75121"})
    assert refused(response, "codes commune INSEE séparés par des virgules")
    response = client.post(reverse("sites:create"), {**data, "latitude": ""})
    assert refused(response, "Indiquez la latitude et la longitude ensemble.")
    from relais.sites.models import Site

    assert not Site.objects.exists()
    response = client.post(reverse("sites:create"), data)
    site = Site.objects.get()
    assert response.status_code == 302
    assert site.cogs_label == "Paris 19e, Paris 10e, Paris 18e"


def test_existing_activity_is_untouched_by_a_refused_week(client):
    site = SiteFactory()
    user = login(client, Role.MARAUDE)
    monday = _monday_weeks_ago(1)
    ActivityFactory(site=site, day=monday, organization=user.organization, first_aid=7)
    data = _week(monday, {0: {"first_aid": 1}, 1: {"first_aid": -1}})
    client.post(reverse("sites:activity_week", args=[site.pk]), data)
    assert OnSiteActivity.objects.get().first_aid == 7
