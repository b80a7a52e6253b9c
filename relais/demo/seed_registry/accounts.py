"""Demo organisations (real institutions and fictional partners) and one account per role."""

import random

from django.db import transaction

from relais.demo.seed_registry.records import D, DemoAccount, OrganizationRecord
from relais.users.enums import GrantStatus, OrganizationKind, Role
from relais.users.models import AccessGrant, Organization, User
from relais.utils.identifiers import luhn_key

DEMO_PASSWORD = "relais-demo"  # noqa: S105 - demo settings only, printed by make demo

# Real institutions (no identifiers invented for them) and fictional partners.
ORGANIZATIONS = [
    OrganizationRecord(
        name="Préfecture de la région d'Île-de-France, préfecture de Paris",
        short_name="Préfecture",
        kind=OrganizationKind.PREFECTURE,
    ),
    OrganizationRecord(name="Préfecture de police", short_name="PP", kind=OrganizationKind.POLICE),
    OrganizationRecord(name="Agence régionale de santé Île-de-France", short_name="ARS IDF", kind=OrganizationKind.ARS),
    OrganizationRecord(
        name="Mission interministérielle de lutte contre les drogues et les conduites addictives",
        short_name="MILDECA",
        kind=OrganizationKind.MILDECA,
    ),
    OrganizationRecord(name="Ville de Paris", short_name="Ville", kind=OrganizationKind.VILLE),
    OrganizationRecord(
        name="Association Horizon Nord (fictive)", short_name="Horizon Nord", kind=OrganizationKind.ASSOCIATION
    ),
    OrganizationRecord(name="Association Le Phare (fictive)", short_name="Le Phare", kind=OrganizationKind.ASSOCIATION),
    OrganizationRecord(
        name="Association Trait d'Union (fictive)", short_name="Trait d'Union", kind=OrganizationKind.ASSOCIATION
    ),
    OrganizationRecord(name="Association Équinoxe (fictive)", short_name="Équinoxe", kind=OrganizationKind.ASSOCIATION),
    OrganizationRecord(
        name="Association Aube Solidaire (fictive)", short_name="Aube Solidaire", kind=OrganizationKind.ASSOCIATION
    ),
    OrganizationRecord(name="Hôpital Nord-Est Paris (fictif)", short_name="HNEP", kind=OrganizationKind.HOSPITAL),
    OrganizationRecord(
        name="Groupe hospitalier psychiatrique Lutèce (fictif)", short_name="GHP Lutèce", kind=OrganizationKind.HOSPITAL
    ),
]
FICTIONAL_KINDS = {OrganizationKind.ASSOCIATION, OrganizationKind.HOSPITAL}

DEMO_ACCOUNTS = [
    DemoAccount(role=Role.COORDINATION, organization="ARS IDF"),
    DemoAccount(role=Role.OPERATEUR, organization="Horizon Nord"),
    DemoAccount(role=Role.MARAUDE, organization="Équinoxe"),
    DemoAccount(role=Role.SOIGNANT, organization="HNEP"),
    DemoAccount(role=Role.POLICE, organization="PP"),
    DemoAccount(role=Role.COMITE, organization="Préfecture"),
    DemoAccount(role=Role.VILLE, organization="Ville"),
    DemoAccount(role=Role.AUDITEUR, organization="ARS IDF"),
    DemoAccount(role=Role.ADMIN, organization="Préfecture"),
]


def _siret(rng: random.Random) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(13))
    return body + luhn_key(body)


@transaction.atomic
def seed_organizations_and_accounts(rng: random.Random) -> dict[str, Organization]:
    orgs = {}
    for record in ORGANIZATIONS:
        org, created = Organization.objects.get_or_create(
            name=record.name, defaults={"short_name": record.short_name, "kind": record.kind}
        )
        if created and record.kind in FICTIONAL_KINDS:
            org.siret = _siret(rng)
            org.save(update_fields=["siret"])
        orgs[record.short_name] = org
    for role, org_short in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=str(role))
        if created:
            user.set_password(DEMO_PASSWORD)
            user.first_name = Role(role).label
            user.save()
        AccessGrant.objects.get_or_create(
            user=user,
            organization=orgs[org_short],
            role=role,
            defaults={"valid_from": D(2021, 1, 1), "status": GrantStatus.APPROVED},
        )
    expired, created = User.objects.get_or_create(username="ancien")
    if created:
        expired.set_password(DEMO_PASSWORD)
        expired.save()
        AccessGrant.objects.create(
            user=expired,
            organization=orgs["Équinoxe"],
            role=Role.MARAUDE,
            valid_from=D(2021, 1, 1),
            valid_until=D(2023, 12, 31),
            status=GrantStatus.APPROVED,
        )
    return orgs
