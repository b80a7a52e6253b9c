import signal

from django.core.management.base import BaseCommand

from relais.ops.scheduler import scheduler_build


def _exit(signum, frame):
    raise SystemExit(0)


class Command(BaseCommand):
    help = (
        "Lance les tâches planifiées (relais/ops/schedule.py) et note chaque exécution. Plusieurs "
        "processus peuvent tourner : chaque créneau n'est exécuté qu'une fois."
    )

    def handle(self, *args, **options):
        scheduler = scheduler_build()
        # The platform stops processes with SIGTERM: let a running job finish, then exit.
        signal.signal(signal.SIGTERM, _exit)
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            scheduler.shutdown(wait=True)
