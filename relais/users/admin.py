from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.decorators import method_decorator

from relais.identity.sessions import require_recent_auth
from relais.users.models import AccessGrant, Organization, User


class AccessGrantInline(admin.TabularInline):
    model = AccessGrant
    extra = 0
    fk_name = "user"


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


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "siret"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "siret"]


@admin.register(AccessGrant)
@method_decorator(require_recent_auth, name="changeform_view")
@method_decorator(require_recent_auth, name="delete_view")
class AccessGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "valid_from", "valid_until"]
    list_filter = ["role", "organization"]
    list_select_related = ["user", "organization"]
