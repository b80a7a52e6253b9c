"""The emails of every event, sent by the task worker to a real SMTP server process on loopback
(aiosmtpd writing a Maildir), read back: a kind of event and a link, never the person."""

import email.policy
import mailbox
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from relais.notifications.enums import EmailMode, NotificationKind
from relais.notifications.services import preference_set
from tests.notifications.world import ALIAS, every_event, team

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(tmp_path, settings):
    port, maildir = _free_port(), tmp_path / "maildir"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ]
    )
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("le serveur SMTP de test n'a pas démarré")
            time.sleep(0.1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.RELAIS_BASE_URL = "https://relais.example.org"
    yield maildir
    server.terminate()
    server.wait(timeout=10)


def _mails(maildir) -> list:
    if not maildir.exists():
        return []
    box = mailbox.Maildir(maildir, factory=None, create=False)
    return [email.message_from_bytes(m.as_bytes(), policy=email.policy.default) for m in box]


def _run_worker():
    call_command("db_worker", batch=True, startup_delay=False, interval=0)


def test_the_email_of_each_event_is_sent_by_the_worker_without_person_data(client, smtp_server):
    users = every_event()
    structure, _operator, maraude, person = team(email_prefix="autre-equipe")
    # A referral sent through the page: the request only enqueues the email.
    client.force_login(maraude)
    response = client.post(reverse("people:refer", args=[person.pk]), {"structure": structure.pk})
    assert response.status_code == 302
    assert _mails(smtp_server) == []
    assert DBTaskResult.objects.count() > 0

    _run_worker()
    mails = _mails(smtp_server)
    labels = {label for _, label in NotificationKind.choices}
    by_recipient = {}
    for mail in mails:
        body = mail.get_content()
        assert ALIAS not in mail["Subject"] and ALIAS not in body
        assert person.display_code not in body and str(person.pk) not in body
        label = str(mail["Subject"]).strip().removeprefix("[Relais] ")
        assert label in labels and label in body
        assert "https://relais.example.org/" in body
        by_recipient.setdefault(mail["To"], set()).add(label)
    assert {label for sent in by_recipient.values() for label in sent} == labels  # every kind of event
    assert by_recipient["autre-equipe@example.org"] == {"Nouvelle orientation reçue"}
    assert by_recipient["dpd@example.org"] == {
        "Accès exceptionnel (bris de glace) ouvert",
        "Habilitation modifiée",
    }
    assert users["auditor"].email == "dpd@example.org"
    # Each notification is emailed once, whatever the number of runs.
    _run_worker()
    assert len(_mails(smtp_server)) == len(mails)


def test_the_daily_digest_replaces_each_email_for_those_who_chose_it(smtp_server):
    structure, operator, maraude, person = team()
    preference_set(user=operator, email=EmailMode.DIGEST, muted=[])
    from relais.referrals.services import referral_send

    referral_send(person=person, by=maraude, to_structure=structure)
    _run_worker()
    assert [m["To"] for m in _mails(smtp_server)] == []
    call_command("send_notification_digest")
    _run_worker()
    (digest,) = _mails(smtp_server)
    assert digest["To"] == "equipe@example.org"
    assert str(digest["Subject"]).strip() == "[Relais] Récapitulatif : 1 événement"
    body = digest.get_content()
    assert "Nouvelle orientation reçue : 1" in body and ALIAS not in body
