"""The notification centre: who is told of which event, the header's count, read/unread, preferences."""

import pytest
from django.urls import reverse

from relais.notifications.enums import EmailMode
from relais.notifications.enums import NotificationKind as K
from relais.notifications.models import Notification
from relais.referrals.services import referral_send
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import select, select_one, text, text_of
from tests.notifications.world import ALIAS, every_event, team

pytestmark = pytest.mark.django_db


def _kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_each_event_reaches_the_people_concerned_and_only_them():
    users = every_event()
    assert _kinds(users["operator"]) == sorted([K.REFERRAL_ARRIVED] * 3 + [K.REFERRAL_UNANSWERED])
    assert _kinds(users["maraude"]) == sorted([K.REFERRAL_ACCEPTED, K.REFERRAL_DECLINED, K.REFERRAL_UNANSWERED])
    assert _kinds(users["reviewer"]) == sorted([K.REVIEW_DUE, K.REVIEW_OVERDUE])
    assert _kinds(users["action_owner"]) == [K.ACTION_DUE]
    assert _kinds(users["auditor"]) == sorted([K.BREAK_GLASS, K.GRANT_CHANGED])
    assert _kinds(users["coordination"]) == []
    # No notification carries anything but a kind and a path of Relais.
    for notification in Notification.objects.all():
        assert notification.url.startswith("/") and ALIAS not in notification.url


def test_reminder_jobs_tell_each_event_once():
    from django.core.management import call_command

    every_event()
    before = Notification.objects.count()
    call_command("remind_premises_reviews")
    call_command("remind_actions_due")
    assert Notification.objects.count() == before


def test_the_header_count_the_list_and_reading(client):
    structure, operator, maraude, person = team()
    referral_send(person=person, by=maraude, to_structure=structure)
    client.force_login(operator)
    home = client.get("/")
    link = select_one(home, "header .fr-header__tools-links [data-testid=notification-count]")
    assert link["hx-get"] == reverse("notifications:count") and "every" in link["hx-trigger"]
    count = client.get(reverse("notifications:count"), HTTP_HX_REQUEST="true")
    assert text(select_one(count, "[data-testid=unread]")) == "1 non lue"
    page = client.get(reverse("notifications:list"))
    assert ALIAS not in text_of(page)
    (item,) = select(page, "[data-testid=notifications] li")
    assert "Nouvelle orientation reçue" in text(item) and "Non lue" in text(item)
    notification = Notification.objects.get(recipient=operator)
    opened = client.post(reverse("notifications:open", args=[notification.pk]))
    assert opened["Location"] == reverse("people:referral_detail", args=[notification.url.split("/")[-2]])
    assert select(client.get(reverse("notifications:count")), "[data-testid=unread]") == []
    assert "Lue" in text(select_one(client.get(reverse("notifications:list")), "[data-testid=notifications] li"))


def test_nobody_opens_or_sees_the_notifications_of_another(client):
    structure, operator, maraude, person = team()
    referral_send(person=person, by=maraude, to_structure=structure)
    client.force_login(maraude)
    notification = Notification.objects.get(recipient=operator)
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert select(client.get(reverse("notifications:list")), "[data-testid=notifications] li form") == []
    notification.refresh_from_db()
    assert notification.read_at is None


def test_preferences_mute_a_kind_and_choose_the_digest(client):
    structure, operator, maraude, person = team()
    client.force_login(operator)
    response = client.post(
        reverse("notifications:preferences"), {"email": EmailMode.DIGEST, "muted": [K.REFERRAL_ARRIVED]}
    )
    assert response.status_code == 302
    referral_send(person=person, by=maraude, to_structure=structure)
    assert not Notification.objects.filter(recipient=operator).exists()
    page = client.get(reverse("notifications:preferences"))
    assert select_one(page, "input[name=email][value=digest]").has_attr("checked")


def test_a_poll_of_the_count_keeps_no_idle_session_alive(client):
    import time_machine

    from relais.identity.sessions import LOGIN_AT, SEEN_AT
    from relais.users.access import session_now

    user = UserFactory(role=Role.MARAUDE)
    client.force_login(user)
    with time_machine.travel(0, tick=False) as traveller:
        traveller.move_to("2026-11-30 10:00:00+00:00")
        session = client.session
        session[LOGIN_AT] = session[SEEN_AT] = session_now()
        session.save()
        client.get("/")
        traveller.move_to("2026-11-30 10:20:00+00:00")
        client.get(reverse("notifications:count"), HTTP_X_RELAIS_BACKGROUND="1")
        traveller.move_to("2026-11-30 10:35:00+00:00")  # 35 min after the last page the user asked for
        assert client.get("/").status_code == 302


def test_no_poll_while_a_second_factor_is_owed(client, settings):
    settings.RELAIS_DEMO = False
    client.force_login(UserFactory(role=Role.SOIGNANT))
    enrol = client.get(reverse("accounts:second_factor_enrol"))
    assert enrol.status_code == 200
    assert select(enrol, "[data-testid=notification-count]") == []


def test_a_poll_after_the_session_expired_sends_the_page_to_the_login(client):
    import time_machine

    from relais.identity.sessions import LOGIN_AT, SEEN_AT
    from relais.users.access import session_now

    client.force_login(UserFactory(role=Role.MARAUDE))
    with time_machine.travel("2026-11-30 10:00:00+00:00", tick=False) as traveller:
        session = client.session
        session[LOGIN_AT] = session[SEEN_AT] = session_now()
        session.save()
        traveller.move_to("2026-11-30 11:00:00+00:00")
        poll = client.get(reverse("notifications:count"), HTTP_HX_REQUEST="true", HTTP_X_RELAIS_BACKGROUND="1")
    assert poll.status_code == 200 and poll["HX-Redirect"] == reverse("login")
    assert poll.content == b""
