"""The main navigation, by role: one list, so a new area is added in one place."""

from django.urls import reverse

from relais.governance.enums import GOVERNANCE_READERS
from relais.premises.enums import PREMISES_READERS
from relais.users.enums import ALL_ROLES, REGISTRY_READERS, Role

NAV_ITEMS = [
    # (url name, label, roles)
    ("board:index", "Disponibilités", REGISTRY_READERS),
    ("registry:structure_list", "Lieux et places", REGISTRY_READERS),
    ("registry:programme_list", "Programmes", REGISTRY_READERS),
    ("sites:list", "Sites et carte", ALL_ROLES),
    ("dashboards:index", "Tableaux de bord", frozenset({Role.COMITE, Role.COORDINATION, Role.OPERATEUR, Role.POLICE})),
    ("reports:list", "Points de situation", frozenset({Role.COMITE, Role.COORDINATION})),
    ("governance:tracker", "Suivi du plan", GOVERNANCE_READERS),
    ("premises:proposal_list", "Locaux proposés", PREMISES_READERS),
    ("registry:import", "Import", frozenset({Role.COORDINATION})),
    ("audit:access_log", "Journal des accès", frozenset({Role.AUDITEUR})),
    ("admin:index", "Administration", frozenset({Role.ADMIN})),
]


def nav_for(user, current_path: str) -> list[dict]:
    role = getattr(user, "role", None)
    items = [{"url": reverse(name), "label": label} for name, label, roles in NAV_ITEMS if role in roles]
    # The longest matching prefix is the current area (/lieux/programmes/ is not /lieux/).
    matching = [item["url"] for item in items if current_path.startswith(item["url"])]
    current = max(matching, key=len, default=None)
    for item in items:
        item["current"] = item["url"] == current
    return items
