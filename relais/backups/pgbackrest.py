"""On PostgreSQL, backups are pgBackRest's: full and incremental backups plus the WAL archive.

The application only starts a backup; restoring needs the server stopped, so it is an operator's
command (printed by `manage.py restore`), rehearsed end to end by `make drill`.
"""

import shutil
import subprocess

from django.conf import settings

ERROR_MISSING = (
    "pgBackRest n'est pas installé sur cette machine (apt-get install pgbackrest) : lancez la "
    "sauvegarde sur le serveur PostgreSQL : pgbackrest --stanza={stanza} --type={type} backup"
)
ERROR_FAILED = "pgBackRest a échoué (code {code}) : voir son journal."


def command(*args: str) -> list[str]:
    cmd = ["pgbackrest", f"--stanza={settings.RELAIS_PGBACKREST_STANZA}"]
    if settings.RELAIS_PGBACKREST_CONFIG:
        cmd.append(f"--config={settings.RELAIS_PGBACKREST_CONFIG}")
    return [*cmd, *args]


def backup_run(*, backup_type: str) -> None:
    """Run one pgBackRest backup (`incr` becomes a full one when the repository holds none)."""
    if shutil.which("pgbackrest") is None:
        raise RuntimeError(ERROR_MISSING.format(stanza=settings.RELAIS_PGBACKREST_STANZA, type=backup_type))
    completed = subprocess.run(command(f"--type={backup_type}", "backup"), check=False)  # noqa: S603
    if completed.returncode != 0:
        raise RuntimeError(ERROR_FAILED.format(code=completed.returncode))


def restore_instructions(*, target_time: str | None) -> str:
    target = f' --type=time --target="{target_time}" --target-action=promote' if target_time else ""
    return (
        "Sur PostgreSQL, la restauration se fait serveur arrêté, en tant qu'utilisateur postgres :\n"
        "  pg_ctlcluster <version> main stop\n"
        f"  {' '.join(command('--delta'))}{target} restore\n"
        "  pg_ctlcluster <version> main start\n"
        "puis `python manage.py verify_access_log`. `make drill` répète cette procédure de bout en bout."
    )
