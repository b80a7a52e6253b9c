from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class GrantBackend(ModelBackend):
    """Model permissions come from the role of the grant in force, never from per-user settings.

    Each role's permissions are code (relais.users.roles) synchronised into a group of the same
    name by `manage.py sync_roles`; an expired grant therefore carries no permission at all.
    """

    def _get_user_permissions(self, user_obj):
        return Permission.objects.none()

    def _get_group_permissions(self, user_obj):
        grant = user_obj.active_grant
        if grant is None:
            return Permission.objects.none()
        return Permission.objects.filter(group__name=grant.role)
