import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.demo.seed_governance import seed_governance
from relais.demo.seed_people.people import seed_people
from relais.demo.seed_people.waiting import seed_waiting
from relais.demo.seed_registry.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_organizations_and_accounts
from relais.demo.seed_registry.declarations import seed_declarations
from relais.demo.seed_registry.structures import seed_registry
from relais.demo.seed_reports import seed_reports
from relais.demo.seed_sites.sites import seed_sites
from relais.indicators.facts import dashboard_days
from relais.indicators.facts import refresh as refresh_facts
from relais.structures.live import availability_rollover
from relais.users.services import roles_sync


class Command(BaseCommand):
    help = "Charge les données de démonstration générées (idempotent). Réservé aux réglages de démonstration."

    def handle(self, *args, **options):
        if not settings.RELAIS_DEMO:
            raise CommandError("Les données de démonstration ne se chargent qu'avec les réglages de démonstration.")
        rng = random.Random(2021_10_01)
        roles_sync()
        orgs = seed_organizations_and_accounts(rng)
        seed_registry(orgs, rng)
        seed_declarations(rng)
        seed_people(orgs)
        seed_waiting()
        seed_sites(orgs)
        seed_governance(orgs, rng)
        availability_rollover()  # the seeds write the history directly: the live rows follow from it
        seed_reports()  # a situation report freezes the figures of everything above
        # The daily facts the dashboards read today (today and the start of their default period); the
        # `refresh_facts` job fills the rest of the window.
        refresh_facts(days=dashboard_days(timezone.localdate()), fill_window=False)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») :")
        for role, org in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<13} {org}")
        self.stdout.write("  ancien        habilitation expirée (voit seulement un message)")
