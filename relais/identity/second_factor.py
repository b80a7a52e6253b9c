"""The second factor: TOTP with recovery codes (django-otp), or a provider that already checked one.

Every role that reaches person-level data, and the admin and auditor roles, needs it. Under demo
settings it is offered but not required, and a banner says so.
"""

import io

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.identity.enums import SecurityEventKind
from relais.identity.models import SecurityEvent
from relais.users.enums import PERSON_DATA_ROLES, Role

SECOND_FACTOR_ROLES = PERSON_DATA_ROLES | {Role.ADMIN, Role.AUDITEUR}
# Set in the session when the identity provider says it checked more than one factor (ProConnect).
PROVIDER_MFA_SESSION_KEY = "relais_provider_mfa"
RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Application d'authentification"
RECOVERY_NAME = "Codes de secours"


def requires_second_factor(user) -> bool:
    return getattr(user, "role", None) in SECOND_FACTOR_ROLES


def second_factor_done(request) -> bool:
    user = request.user
    return bool(user.is_verified() or request.session.get(PROVIDER_MFA_SESSION_KEY))


def second_factor_missing(request) -> bool:
    """True when this signed-in user must still give a second factor before going on."""
    if settings.RELAIS_DEMO or not requires_second_factor(request.user):
        return False
    return not second_factor_done(request)


def demo_skips_second_factor(request) -> bool:
    user = getattr(request, "user", None)
    if not settings.RELAIS_DEMO or user is None or not user.is_authenticated:
        return False
    return requires_second_factor(user) and not second_factor_done(request)


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def totp_enrolment_start(user) -> TOTPDevice:
    """A new, unconfirmed TOTP device: it counts only once the user typed a code from it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// QR code as inline SVG: no image request, nothing for the CSP to allow."""
    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        out, kind="svg", xmldecl=False, svgns=True, scale=5, border=2, title="QR code de l'application"
    )
    return out.getvalue().decode()


@transaction.atomic
def totp_enrolment_confirm(*, device: TOTPDevice) -> list[str]:
    """Once the user typed a code the device gave: it replaces any older one, with new recovery codes."""
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_issue(device.user)


@transaction.atomic
def recovery_codes_issue(user) -> list[str]:
    """Ten single-use codes for the day the phone is lost; any older ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_check(user, token: str):
    """The device (TOTP, or a recovery code, used up) that accepts this code, or None."""
    token = token.replace(" ", "").strip()
    for device in devices_for_user(user, for_verify=True):
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def second_factor_reset(*, actor, user) -> SecurityEvent:
    """Coordination removes a user's second factor (phone lost): they enrol again at next sign-in."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    return SecurityEvent.objects.create(
        kind=SecurityEventKind.SECOND_FACTOR_RESET, actor=actor, username=user.get_username()
    )
