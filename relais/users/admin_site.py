from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from relais.users.enums import Role


class RelaisAdminSite(admin.AdminSite):
    site_header = "Relais — administration technique"
    site_title = "Relais administration"
    index_title = "Référentiels, organisations et comptes"

    def has_permission(self, request):
        """Only the technical administrator role enters the Django admin, whatever `is_staff` says."""
        user = request.user
        return user.is_active and user.is_authenticated and user.role == Role.ADMIN


class RelaisAdminConfig(AdminConfig):
    default_site = "relais.users.admin_site.RelaisAdminSite"
