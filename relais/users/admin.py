from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.decorators import method_decorator

from relais.users.access import require_recent_auth
from relais.users.enums import PERSON_DATA_ROLES, GrantStatus
from relais.users.models import AccessGrant, Organization, User
from relais.users.services import grant_propose, grant_revoke

ERROR_CREDENTIAL_OF_PERSON_DATA_USER = (
    "Le mot de passe d'un compte ayant accès aux données individuelles ne se change pas ici : "
    "son titulaire le réinitialise lui-même."
)


class AccessGrantInline(admin.TabularInline):
    """Grants are shown on the user's page; they are proposed, approved and revoked elsewhere."""

    model = AccessGrant
    extra = 0
    fk_name = "user"
    fields = ["organization", "role", "valid_from", "valid_until", "status", "proposed_by", "decided_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Grants are changed from the user's page (inline) and the grants' own pages: both ask the
# administrator to have proved their identity a few minutes ago.
@admin.register(User)
@method_decorator(require_recent_auth, name="changeform_view")
@method_decorator(require_recent_auth, name="delete_view")
class UserAdmin(BaseUserAdmin):
    inlines = [AccessGrantInline]
    list_display = ["username", "email", "is_active", "last_login"]
    # Permissions come from roles (sync_roles), never set by hand on a user.
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name", "email"]}),
        ("État", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def user_change_password(self, request, id, form_url=""):
        # Setting the password of a person-data account would let the admin log in as it.
        if AccessGrant.objects.filter(
            user_id=id, role__in=PERSON_DATA_ROLES, status__in=[GrantStatus.PROPOSED, GrantStatus.APPROVED]
        ).exists():
            raise PermissionDenied(ERROR_CREDENTIAL_OF_PERSON_DATA_USER)
        return super().user_change_password(request, id, form_url)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "siret"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "siret"]


class AccessGrantForm(forms.ModelForm):
    class Meta:
        model = AccessGrant
        fields = ["user", "organization", "role", "valid_from", "valid_until"]


@admin.register(AccessGrant)
@method_decorator(require_recent_auth, name="changeform_view")
@method_decorator(require_recent_auth, name="delete_view")
class AccessGrantAdmin(admin.ModelAdmin):
    """Propose (add) and revoke only: a grant is never edited, so nobody widens one after approval."""

    form = AccessGrantForm
    list_display = ["user", "organization", "role", "valid_from", "valid_until", "status", "proposed_by", "decided_by"]
    list_filter = ["status", "role", "organization"]
    list_select_related = ["user", "organization", "proposed_by", "decided_by"]
    readonly_fields = ["status", "proposed_by", "decided_by", "decided_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        grant = grant_propose(
            **{name: form.cleaned_data[name] for name in AccessGrantForm.Meta.fields}, by=request.user
        )
        obj.pk = grant.pk
        if grant.status == GrantStatus.PROPOSED:
            messages.warning(
                request,
                "Habilitation proposée : elle ne donnera accès aux données individuelles qu'une fois approuvée "
                "par la coordination d'une autre organisation.",
            )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Révoquer les habilitations sélectionnées", permissions=["add"])
    def revoke(self, request, queryset):
        revoked = 0
        for grant in queryset:
            try:
                grant_revoke(grant=grant, by=request.user)
                revoked += 1
            except ValidationError:
                continue
        messages.success(request, f"{revoked} habilitation(s) révoquée(s).")
