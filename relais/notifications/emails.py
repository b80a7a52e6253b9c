"""The emails of notifications: the kind of event and a link, nothing about anyone."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from relais.notifications.enums import NotificationKind

FOOTER = (
    "Ce message ne contient aucune donnée sur les personnes : connectez-vous à Relais pour en savoir plus.\n"
    "Vos préférences de notification : {preferences}\n"
)


def _absolute(path: str) -> str:
    return settings.RELAIS_BASE_URL.rstrip("/") + path


def event_email(notification) -> EmailMessage:
    label = NotificationKind(notification.kind).label
    body = (
        f"Bonjour,\n\nRelais vous signale un événement : {label}.\n\n"
        f"Pour le consulter : {_absolute(notification.url)}\n\n"
        + FOOTER.format(preferences=_absolute(reverse("notifications:preferences")))
    )
    return EmailMessage(subject=f"[Relais] {label}", body=body, to=[notification.recipient.email])


def digest_email(user, counts: dict[str, int]) -> EmailMessage:
    total = sum(counts.values())
    lines = "\n".join(f"- {NotificationKind(kind).label} : {n}" for kind, n in sorted(counts.items()))
    body = (
        f"Bonjour,\n\nRécapitulatif quotidien de Relais : {total} événement{'s' if total > 1 else ''}.\n\n"
        f"{lines}\n\nPour les consulter : {_absolute(reverse('notifications:list'))}\n\n"
        + FOOTER.format(preferences=_absolute(reverse("notifications:preferences")))
    )
    return EmailMessage(
        subject=f"[Relais] Récapitulatif : {total} événement{'s' if total > 1 else ''}", body=body, to=[user.email]
    )
