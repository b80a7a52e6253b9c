"""django-otp-webauthn's endpoints, each declared as a page of the signed-in user's own account.

They are the second-factor ceremony itself, so they pass the second-factor middleware; the
library refuses to register a passkey for a user who has a second factor but has not given it.
"""

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views

from relais.identity.middleware import second_factor_exempt
from relais.users.access import signed_in

app_name = "otp_webauthn"


def _own(view):
    return second_factor_exempt(signed_in(view))


urlpatterns = [
    path(
        "registration/begin/",
        _own(views.BeginCredentialRegistrationView.as_view()),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        _own(views.CompleteCredentialRegistrationView.as_view()),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        _own(views.BeginCredentialAuthenticationView.as_view()),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        _own(views.CompleteCredentialAuthenticationView.as_view()),
        name="credential-authentication-complete",
    ),
    path("jsi18n/", _own(JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])), name="js-i18n-catalog"),
]
