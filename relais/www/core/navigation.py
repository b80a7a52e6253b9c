"""The main navigation, by role: one list, so a new area is added in one place."""

from django.urls import reverse

from relais.users.enums import PERSON_DATA_ROLES, REGISTRY_READERS, Role

NAV_ITEMS = [
    # (url name, label, roles)
    ("board:index", "Disponibilités", REGISTRY_READERS),
    ("registry:structure_list", "Lieux et places", REGISTRY_READERS),
    ("registry:programme_list", "Programmes", REGISTRY_READERS),
    ("registry:import", "Import", frozenset({Role.COORDINATION})),
    ("audit:access_log", "Journal des accès", frozenset({Role.AUDITEUR})),
    ("admin:index", "Administration", frozenset({Role.ADMIN})),
    ("people:contact_create", "Rencontre", frozenset({Role.COORDINATION, Role.MARAUDE, Role.SOIGNANT})),
    ("people:referral_list", "Orientations", PERSON_DATA_ROLES),
    ("people:person_list", "Personnes", PERSON_DATA_ROLES),
    ("people:stay_list", "Séjours", frozenset({Role.COORDINATION, Role.OPERATEUR})),
    ("people:duplicates", "Doublons", frozenset({Role.COORDINATION})),
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
