from django.core.management.base import BaseCommand

from relais.users.services import roles_sync


class Command(BaseCommand):
    help = "Synchronise les groupes de permissions avec les rôles définis dans le code."

    def handle(self, *args, **options):
        for role, count in roles_sync().items():
            self.stdout.write(f"{role}: {count} permission(s)")
