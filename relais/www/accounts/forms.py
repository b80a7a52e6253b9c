from django import forms
from django.contrib.auth import authenticate

ERROR_PASSWORD = "Mot de passe incorrect."  # noqa: S105


class ReauthForm(forms.Form):
    password = forms.CharField(
        label="Mot de passe", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through authenticate(), so that failures count towards the lockout like any sign-in.
        user = authenticate(self.request, username=self.request.user.get_username(), password=password)
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(ERROR_PASSWORD)
        return password
