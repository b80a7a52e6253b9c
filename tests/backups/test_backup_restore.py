import sqlite3
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from relais.users.models import Organization
from tests.factories import OrganizationFactory

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="copie SQLite en ligne")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="pgBackRest")


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.RELAIS_BACKUP_DIR = tmp_path / "backups"
    return settings.RELAIS_BACKUP_DIR


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_backup_writes_a_dated_checked_copy_of_the_live_database(backup_dir, capsys):
    OrganizationFactory(name="Avant la sauvegarde")
    call_command("backup")
    (path,) = backup_dir.glob("relais-*.sqlite3")
    assert path.name[len("relais-") :].endswith("Z.sqlite3")
    with sqlite3.connect(path) as copy:
        assert copy.execute(
            "SELECT count(*) FROM users_organization WHERE name = 'Avant la sauvegarde'"
        ).fetchone() == (1,)
    assert "Sauvegarde écrite" in capsys.readouterr().out


@on_sqlite
@pytest.mark.django_db
def test_backup_keeps_only_the_most_recent_ones(backup_dir):
    backup_dir.mkdir()
    for stamp in ["20240101T000000Z", "20250101T000000Z", "20260101T000000Z"]:
        (backup_dir / f"relais-{stamp}.sqlite3").write_bytes(b"")
    call_command("backup", keep=2)
    names = sorted(path.name for path in backup_dir.glob("relais-*.sqlite3"))
    assert len(names) == 2
    assert names[0] == "relais-20260101T000000Z.sqlite3"


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_the_database_as_it_was_at_the_backup(backup_dir):
    OrganizationFactory(name="Avant la sauvegarde")
    call_command("backup")
    OrganizationFactory(name="Après la sauvegarde")
    call_command("restore", force=True)
    assert set(Organization.objects.values_list("name", flat=True)) == {"Avant la sauvegarde"}
    # What the restore replaced is kept aside, outside the pruned backups.
    (kept,) = backup_dir.glob("avant-restauration-*.sqlite3")
    with sqlite3.connect(kept) as copy:
        assert copy.execute("SELECT count(*) FROM users_organization").fetchone() == (2,)


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_to_replace_a_database_in_use_without_force(backup_dir):
    call_command("backup")
    OrganizationFactory(name="Après la sauvegarde")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore")
    assert Organization.objects.filter(name="Après la sauvegarde").exists()


@on_sqlite
@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(backup_dir, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("pas une base")
    with pytest.raises(CommandError, match="n'est pas une sauvegarde de Relais"):
        call_command("restore", str(junk), force=True)
    with pytest.raises(CommandError, match="Aucune sauvegarde"):
        call_command("restore", force=True)


@on_postgresql
@pytest.mark.django_db
def test_backup_on_postgresql_runs_pgbackrest(settings, monkeypatch):
    settings.RELAIS_PGBACKREST_STANZA, settings.RELAIS_PGBACKREST_CONFIG = "relais", "/etc/pgbackrest/relais.conf"
    calls = []
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(cmd) or subprocess.CompletedProcess(cmd, 0))
    call_command("backup", backup_type="full")
    assert calls == [["pgbackrest", "--stanza=relais", "--config=/etc/pgbackrest/relais.conf", "--type=full", "backup"]]
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: subprocess.CompletedProcess(cmd, 28))
    with pytest.raises(CommandError, match="code 28"):
        call_command("backup")


@on_postgresql
@pytest.mark.django_db
def test_backup_on_postgresql_says_what_to_run_without_pgbackrest(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(CommandError, match="pgbackrest --stanza=relais --type=incr backup"):
        call_command("backup")


@on_postgresql
@pytest.mark.django_db
def test_restore_on_postgresql_prints_the_point_in_time_command(capsys):
    call_command("restore", target_time="2026-11-30 09:00:00+01")
    out = capsys.readouterr().out
    assert '--delta --type=time --target="2026-11-30 09:00:00+01" --target-action=promote restore' in out
