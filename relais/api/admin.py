from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from relais.api.models import ApiKey
from relais.api.services import ERROR_EXPIRY_PAST, api_key_create, api_key_revoke


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name", "organization", "role", "expires_at"]

    def clean_expires_at(self):
        value = self.cleaned_data["expires_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(ERROR_EXPIRY_PAST)
        return value


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "organization", "role", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["role", "organization"]
    readonly_fields = ["prefix", "created_at", "created_by", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        key, raw = api_key_create(
            name=form.cleaned_data["name"],
            organization=form.cleaned_data["organization"],
            role=form.cleaned_data["role"],
            expires_at=form.cleaned_data["expires_at"],
            by=request.user,
        )
        obj.pk = key.pk
        if key.user.active_grant is None:
            messages.warning(
                request,
                "Cette clé n'aura accès à rien tant que la coordination d'une autre organisation "
                "n'aura pas approuvé son habilitation.",
            )
        messages.warning(
            request,
            f"Clé créée. Copiez-la maintenant, elle ne sera plus jamais affichée : {raw}",
        )

    def has_change_permission(self, request, obj=None):
        # Immutable: a key's holder and rights never change; revoke it and create another.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Révoquer les clés sélectionnées", permissions=["add"])
    def revoke(self, request, queryset):
        for key in queryset.select_related("user"):
            api_key_revoke(key=key, by=request.user)
        messages.success(request, f"{queryset.count()} clé(s) révoquée(s).")
