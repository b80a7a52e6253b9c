"""Backup and restore of the embedded SQLite database through SQLite's online backup API.

The API copies a consistent snapshot page by page while the application keeps running (WAL
readers and the writer are not stopped), which a file copy of a live database does not give.
"""

import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

ERROR_EXISTS = "Une sauvegarde porte déjà ce nom : relancez dans une seconde."
ERROR_NOT_A_BACKUP = "{path} n'est pas une sauvegarde de Relais lisible ({reason})."
ERROR_IN_USE = (
    "La base {name} contient déjà des données : ajoutez --force pour la remplacer "
    "(arrêtez d'abord le service ; une copie de la base actuelle est gardée avant)."
)
PREFIX = "relais-"
BEFORE_RESTORE_PREFIX = "avant-restauration-"  # not counted among the backups that --keep prunes


def backup_dir() -> Path:
    return Path(settings.RELAIS_BACKUP_DIR)


def backups() -> list[Path]:
    """Backup files, oldest first (their names sort by time)."""
    return sorted(backup_dir().glob(f"{PREFIX}*.sqlite3"))


def _check(path: Path) -> None:
    """The file opens read-only, passes SQLite's integrity check and holds a migrated Relais schema."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise ValueError(verdict)
            db.execute("SELECT 1 FROM django_migrations LIMIT 1")
        finally:
            db.close()
    except (sqlite3.Error, ValueError) as exc:
        raise ValueError(ERROR_NOT_A_BACKUP.format(path=path, reason=exc)) from exc


def backup_create(*, prefix: str = PREFIX) -> Path:
    """Snapshot the live database into a new timestamped file of the backup directory, checked."""
    backup_dir().mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    path = backup_dir() / f"{prefix}{stamp}.sqlite3"
    if path.exists():
        raise FileExistsError(ERROR_EXISTS)
    partial = path.with_suffix(".partial")
    # A connection of its own: it sees what is committed, whatever Django's connection is doing
    # (the API would wait forever on a connection that holds an open write transaction).
    source, target = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=20), sqlite3.connect(partial)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    _check(partial)
    partial.rename(path)  # a file under the final name is always a complete, checked backup
    return path


def backup_prune(*, keep: int) -> list[Path]:
    """Delete the oldest backups beyond the `keep` most recent ones."""
    old = backups()[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def database_in_use() -> bool:
    connection.ensure_connection()
    return "django_migrations" in connection.introspection.table_names()


def restore(path: Path, *, force: bool) -> Path | None:
    """Replace the live database's content by the backup's; returns the copy kept of what it replaced."""
    _check(path)
    if database_in_use() and not force:
        raise PermissionError(ERROR_IN_USE.format(name=settings.DATABASES["default"]["NAME"]))
    kept = backup_create(prefix=BEFORE_RESTORE_PREFIX) if database_in_use() else None
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # Through the API into the open database: other connections see the old or the new
        # content, never a half-copied file, and the WAL file stays consistent.
        source.backup(connection.connection)
    finally:
        source.close()
    return kept
