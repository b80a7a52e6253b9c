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
    items = []
    for url_name, label, roles in NAV_ITEMS:
        if role in roles:
            url = reverse(url_name)
            items.append({"url": url, "label": label, "current": current_path.startswith(url)})
    return items
