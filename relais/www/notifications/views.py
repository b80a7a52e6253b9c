"""The notification centre: the header's count, the list (read and unread), the preferences."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relais.identity.sessions import BACKGROUND_HEADER
from relais.notifications.enums import EmailMode
from relais.notifications.models import Notification, NotificationPreference
from relais.notifications.services import notification_read, notifications_read_all, preference_set
from relais.users.access import require_roles
from relais.users.enums import ALL_ROLES
from relais.www.core.pagination import paginate
from relais.www.core.services import submit
from relais.www.notifications.forms import PreferenceForm

PAGE_SIZE = 50


@require_roles(*ALL_ROLES)
def count(request):
    """The header's link with the unread count; htmx polls it (a background request: see BACKGROUND_HEADER)."""
    return render(
        request,
        "notifications/_count.html",
        {
            "unread": Notification.objects.for_user(request.user).unread().count(),
            "notification_poll_seconds": settings.RELAIS_NOTIFICATION_POLL_SECONDS,
            "background_header": BACKGROUND_HEADER,
        },
    )


@require_roles(*ALL_ROLES)
def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    return render(
        request,
        "notifications/list.html",
        {"unread": notifications.unread().count(), **paginate(request, notifications, PAGE_SIZE)},
    )


@require_roles(*ALL_ROLES)
@require_POST
def notification_open(request, pk):
    """Mark as read and follow its link (a path of Relais, where the page's own rules apply)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notification_read(notification=notification, by=request.user)
    return redirect(notification.url if notification.url.startswith("/") else "notifications:list")


@require_roles(*ALL_ROLES)
@require_POST
def read_all(request):
    n = notifications_read_all(by=request.user)
    messages.success(
        request,
        f"{n} notification{'s' if n > 1 else ''} marquée{'s' if n > 1 else ''} comme lue{'s' if n > 1 else ''}.",
    )
    return redirect("notifications:list")


@require_roles(*ALL_ROLES)
def preferences(request):
    current = NotificationPreference.objects.filter(user=request.user).first()
    initial = {"email": current.email if current else EmailMode.EACH, "muted": current.muted if current else []}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and submit(form, lambda: preference_set(user=request.user, **form.cleaned_data)):
        messages.success(request, "Préférences de notification enregistrées.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
