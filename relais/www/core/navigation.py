"""The main navigation, by role: one list, so a new area is added in one place."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from relais.governance.enums import GOVERNANCE_READERS
from relais.premises.enums import PREMISES_READERS
from relais.users.enums import ALL_ROLES, PERSON_DATA_ROLES, REGISTRY_READERS, Role

PILOTAGE = frozenset({Role.COMITE, Role.COORDINATION, Role.OPERATEUR, Role.POLICE})

# (group label or None for a single link, [(url name, label, roles)])
NAV_GROUPS = [
    (
        "Accompagnement",
        [
            (
                "people:contact_create",
                "Nouvelle rencontre",
                frozenset({Role.COORDINATION, Role.MARAUDE, Role.SOIGNANT}),
            ),
            ("people:person_list", "Personnes", PERSON_DATA_ROLES),
            ("people:referral_list", "Orientations", PERSON_DATA_ROLES),
            ("people:stay_list", "Séjours", frozenset({Role.COORDINATION, Role.OPERATEUR})),
            ("orientation:waiting_list", "Liste d'attente", frozenset({Role.COORDINATION})),
            ("people:duplicates", "Doublons", frozenset({Role.COORDINATION})),
            ("accounts:break_glass_open", "Bris de glace", frozenset({Role.SOIGNANT, Role.MARAUDE, Role.OPERATEUR})),
        ],
    ),
    (
        "Places",
        [
            ("board:index", "Disponibilités", REGISTRY_READERS),
            ("registry:structure_list", "Lieux et places", REGISTRY_READERS),
            ("registry:programme_list", "Programmes", REGISTRY_READERS),
            ("registry:import", "Import", frozenset({Role.COORDINATION})),
        ],
    ),
    (None, [("sites:list", "Sites et carte", ALL_ROLES)]),
    (
        "Pilotage",
        [
            ("dashboards:index", "Tableaux de bord", PILOTAGE),
            ("reports:list", "Points de situation", frozenset({Role.COMITE, Role.COORDINATION})),
            ("governance:tracker", "Suivi du plan", GOVERNANCE_READERS),
            ("premises:proposal_list", "Locaux proposés", PREMISES_READERS),
            ("orientation:capacity", "Capacité à prévoir", frozenset({Role.COMITE, Role.COORDINATION})),
        ],
    ),
    (
        "Accès",
        [
            ("grants:pending", "Habilitations à approuver", frozenset({Role.COORDINATION})),
            ("accounts:access_requests", "Demandes d'accès", frozenset({Role.COORDINATION})),
            ("accounts:user_list", "Second facteur", frozenset({Role.COORDINATION})),
            ("accounts:lockout_list", "Connexions suspendues", frozenset({Role.COORDINATION})),
        ],
    ),
    (
        "Traçabilité",
        [
            ("audit:access_log", "Journal des accès", frozenset({Role.AUDITEUR})),
            ("audit:rights", "Habilitations et clés", frozenset({Role.AUDITEUR})),
            ("accounts:security_events", "Événements de sécurité", frozenset({Role.AUDITEUR})),
            ("accounts:break_glass_review", "Bris de glace", frozenset({Role.AUDITEUR})),
        ],
    ),
    (None, [("admin:index", "Administration", frozenset({Role.ADMIN}))]),
]


def _url(name: str) -> str:
    """`reverse(name)`, once per URL configuration and script prefix (some fifteen reversals a page)."""
    return _reversed(name, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=256)
def _reversed(name: str, root: str, urlconf, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


def nav_for(user, current_path: str) -> list[dict]:
    """Groups the role reaches, each with its links; a group of one link shows as that link."""
    role = getattr(user, "role", None)
    groups = []
    for label, items in NAV_GROUPS:
        links = [{"url": _url(name), "label": text} for name, text, roles in items if role in roles]
        if links:
            groups.append({"label": label if len(links) > 1 else None, "links": links})
    # The longest matching prefix is the current area (/lieux/programmes/ is not /lieux/).
    urls = [link["url"] for group in groups for link in group["links"]]
    current = max((url for url in urls if current_path.startswith(url)), key=len, default=None)
    for index, group in enumerate(groups):
        group["id"] = f"menu-{index}"
        for link in group["links"]:
            link["current"] = link["url"] == current
        group["current"] = any(link["current"] for link in group["links"])
    return groups
