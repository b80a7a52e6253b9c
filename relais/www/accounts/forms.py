from django import forms
from django.contrib.auth import authenticate

from relais.identity.second_factor import has_second_factor, second_factor_check

ERROR_PASSWORD = "Mot de passe incorrect."  # noqa: S105
ERROR_TOKEN = "Code incorrect ou expiré : saisissez le code affiché maintenant par votre application."  # noqa: S105


class ReauthForm(forms.Form):
    password = forms.CharField(
        label="Mot de passe", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

        if has_second_factor(request.user):
            self.fields["token"] = forms.CharField(
                label="Code du second facteur",
                max_length=20,
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
            )

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through authenticate(), so that failures count towards the lockout like any sign-in.
        user = authenticate(self.request, username=self.request.user.get_username(), password=password)
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(ERROR_PASSWORD)
        return password

    def clean_token(self):
        token = self.cleaned_data["token"]
        if second_factor_check(self.request.user, token) is None:
            raise forms.ValidationError(ERROR_TOKEN)
        return token


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, check, **kwargs):
        """`check(token)` returns what accepted the code (a device), or None."""
        super().__init__(*args, **kwargs)
        self.check = check
        self.device = None

    def clean(self):
        token = self.cleaned_data.get("token")
        if token:
            self.device = self.check(token)
            if not self.device:
                raise forms.ValidationError(ERROR_TOKEN)
        return self.cleaned_data


class BreakGlassForm(forms.Form):
    code = forms.CharField(label="Code de la personne", max_length=12)
    reason = forms.CharField(
        label="Motif de l'urgence",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pourquoi vous devez consulter cette fiche maintenant. Le délégué à la protection des données le lira.",
    )


class BreakGlassReviewForm(forms.Form):
    comment = forms.CharField(label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2}))
