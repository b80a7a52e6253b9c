"""The main navigation, by role: one list, so a new area is added in one place."""

from django.urls import reverse

from relais.governance.enums import GOVERNANCE_READERS
from relais.premises.enums import PREMISES_READERS
from relais.users.enums import REGISTRY_READERS, Role

NAV_ITEMS = [
    # (url name, label, roles)
    ("board:index", "Disponibilités", REGISTRY_READERS),
    ("registry:structure_list", "Lieux et places", REGISTRY_READERS),
    ("registry:programme_list", "Programmes", REGISTRY_READERS),
    ("registry:import", "Import", frozenset({Role.COORDINATION})),
    ("admin:index", "Administration", frozenset({Role.ADMIN})),
    ("governance:tracker", "Suivi du plan", GOVERNANCE_READERS),
    ("premises:proposal_list", "Locaux proposés", PREMISES_READERS),
]


def nav_for(user, current_path: str) -> list[dict]:
    role = getattr(user, "role", None)
    items = []
    for url_name, label, roles in NAV_ITEMS:
        if role in roles:
            url = reverse(url_name)
            items.append({"url": url, "label": label, "current": current_path.startswith(url)})
    return items
