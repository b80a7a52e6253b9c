"""Roles as code: the Django model permissions each role's group carries.

Only the admin role uses the Django admin; the rest of the application checks roles and
object predicates (relais/*/rules.py). `manage.py sync_roles` writes this into the groups.
"""

from relais.users.enums import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMIN: [
        "users.view_user",
        "users.add_user",
        "users.change_user",
        "users.view_organization",
        "users.add_organization",
        "users.change_organization",
        "users.view_accessgrant",
        "users.add_accessgrant",
        "structures.view_freshnessrule",
        "structures.add_freshnessrule",
        "structures.change_freshnessrule",
        "structures.delete_freshnessrule",
        "structures.view_programme",
        "structures.view_structure",
        "auth.view_group",
        "api.view_apikey",
        "api.add_apikey",
        "ops.view_jobrun",
        "retention.view_purgerun",
    ],
    Role.COORDINATION: [],
    Role.OPERATEUR: [],
    Role.MARAUDE: [],
    Role.SOIGNANT: [],
    Role.POLICE: [],
    Role.COMITE: [],
    Role.VILLE: [],
    Role.AUDITEUR: [],
}
