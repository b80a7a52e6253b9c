from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.identity.filters import SecurityEventFilter
from relais.identity.middleware import second_factor_exempt
from relais.identity.models import AccessRequest, SecurityEvent
from relais.identity.second_factor import (
    has_second_factor,
    recovery_codes_issue,
    second_factor_check,
    second_factor_reset,
    totp_enrolment_confirm,
    totp_enrolment_start,
    totp_qr_svg,
)
from relais.identity.services import access_request_handle, lockout_lift
from relais.identity.sessions import active_sessions, auth_confirmed, sign_out_everywhere
from relais.users.access import require_roles, signed_in
from relais.users.enums import Role
from relais.users.filters import UserFilter
from relais.users.models import User
from relais.www.accounts.forms import ReauthForm, TokenForm
from relais.www.core.pagination import paginate

MESSAGE_UNLOCKED = "Les connexions sont de nouveau possibles pour ce compte et cette adresse."
MESSAGE_RESET = "Second facteur réinitialisé : la personne l'activera de nouveau à sa prochaine connexion."
MESSAGE_SIGNED_OUT = "Toutes vos sessions ont été fermées, y compris celle-ci."


@signed_in
def me(request):
    sessions = active_sessions(request.user)
    return render(
        request,
        "accounts/me.html",
        {
            "sessions": sessions,
            "current_key": request.session.session_key,
            "has_second_factor": has_second_factor(request.user),
        },
    )


@signed_in
@require_POST
def sign_out_all(request):
    sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, MESSAGE_SIGNED_OUT)
    return redirect(settings.LOGIN_URL)


@signed_in
def reauth(request):
    """Prove again who you are before a merge, an export or a grant change."""
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = settings.LOGIN_REDIRECT_URL
    form = ReauthForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        auth_confirmed(request)
        return redirect(back)
    return render(request, "accounts/reauth.html", {"form": form})


@require_roles(Role.COORDINATION)
def lockout_list(request):
    lockouts = SecurityEvent.objects.active_lockouts()
    return render(request, "accounts/lockout_list.html", {"lockouts": lockouts})


@require_roles(Role.COORDINATION)
@require_POST
def lockout_unlock(request, pk):
    event = get_object_or_404(SecurityEvent.objects.active_lockouts(), pk=pk)
    lockout_lift(actor=request.user, event=event)
    messages.success(request, MESSAGE_UNLOCKED)
    return redirect("accounts:lockout_list")


@require_roles(Role.AUDITEUR)
def security_events(request):
    filters = SecurityEventFilter(request.GET, queryset=SecurityEvent.objects.select_related("actor"))
    context = {"filters": filters.form, **paginate(request, filters.qs, 50)}
    return render(request, "accounts/security_events.html", context)


def _next(request) -> str:
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return settings.LOGIN_REDIRECT_URL
    return back


@second_factor_exempt
@signed_in
def second_factor(request):
    """The code from the app (or a recovery code) after the password."""
    if not has_second_factor(request.user):
        return redirect(f"{reverse('accounts:second_factor_enrol')}?{urlencode({'next': _next(request)})}")
    form = TokenForm(request.POST or None, check=lambda token: second_factor_check(request.user, token))
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        auth_confirmed(request)
        return redirect(_next(request))
    return render(request, "accounts/second_factor.html", {"form": form, "next": _next(request)})


@second_factor_exempt
@signed_in
def second_factor_enrol(request):
    """First sign-in (or after a reset): scan the QR code, type one code, keep the recovery codes.

    A user who already has a second factor must give it before replacing it.
    """
    if has_second_factor(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:second_factor')}?{urlencode({'next': _next(request)})}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if request.method == "GET" or device is None:
        device = totp_enrolment_start(request.user)
    form = TokenForm(request.POST or None, check=lambda token: device.verify_token(token) and device)
    if request.method == "POST" and form.is_valid():
        codes = totp_enrolment_confirm(device=device)
        otp_login(request, device)
        auth_confirmed(request)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
    context = {"form": form, "qr_svg": totp_qr_svg(device), "secret": b32encode(device.bin_key).decode()}
    return render(request, "accounts/second_factor_enrol.html", context)


@signed_in
@require_POST
def recovery_codes_renew(request):
    if not has_second_factor(request.user):
        return redirect("accounts:me")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": recovery_codes_issue(request.user), "next": reverse("accounts:me")},
    )


@require_roles(Role.COORDINATION)
def user_list(request):
    users = User.objects.filter(is_active=True).annotate(
        has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )
    filters = UserFilter(request.GET, queryset=users.order_by("username"))
    return render(request, "accounts/user_list.html", {"filters": filters.form, **paginate(request, filters.qs, 50)})


@require_roles(Role.COORDINATION)
@require_POST
def second_factor_reset_view(request, pk):
    account = get_object_or_404(User, pk=pk)
    second_factor_reset(actor=request.user, user=account)
    messages.success(request, MESSAGE_RESET)
    return redirect("accounts:user_list")


@require_roles(Role.COORDINATION)
def access_requests(request):
    """People ProConnect identified but Relais does not know: coordination creates accounts itself."""
    pending = AccessRequest.objects.filter(handled_at__isnull=True).select_related("organization")
    return render(request, "accounts/access_requests.html", {"pending": pending})


@require_roles(Role.COORDINATION)
@require_POST
def access_request_done(request, pk):
    access_request_handle(actor=request.user, access_request=get_object_or_404(AccessRequest, pk=pk))
    return redirect("accounts:access_requests")
