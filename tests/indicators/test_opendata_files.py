"""An open-data file read from the daily facts is written once per refresh of the facts, then served from disk;
a refresh gives the new figures, and a month not covered by facts is never written."""

import gzip
import io
import json
import os
import subprocess
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from relais.indicators import facts, opendata, opendata_files
from relais.indicators.fact_reader import reading
from relais.indicators.management.commands import refresh_facts
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch):
    """How many times the published table of a file was computed."""
    computed = []
    compute = opendata.published_table
    monkeypatch.setattr(opendata, "published_table", lambda *a: computed.append(a) or compute(*a))
    return computed


def _fill(days=None):
    today = timezone.localdate()
    facts.refresh(days=days or opendata.month_ends(today), fill_window=False, only={"places_open"})


def test_the_files_are_written_once_per_refresh_of_the_facts(counted):
    StructureFactory(places=12, cog="75118")
    dataset = opendata.BY_SLUG["places-ouvertes"]
    with reading():
        live = opendata.records(dataset)  # no facts yet: computed, nothing written
        assert opendata_files.written(dataset) is None
    _fill()
    counted.clear()
    with reading():
        first = opendata_files.written(dataset)
    with reading():
        again = opendata_files.written(dataset)
    assert first == again and len(counted) == 1
    document = json.loads(first.path("json").read_bytes())
    with reading():
        assert document["donnees"] == live and opendata_files.preview(dataset) == live[: opendata.PREVIEW_LINES]
    assert len(counted) == 1
    # The same facts, the same bytes: the date of generation is the facts' last refresh.
    assert document["genere_le"] == timezone.localtime(first.modified).isoformat()
    for kind in opendata_files.KINDS:
        assert gzip.decompress(first.path(kind, compressed=True).read_bytes()) == first.path(kind).read_bytes()
    with reading():
        assert first.path("csv").read_bytes() == opendata.file_content(dataset, "csv")
    StructureFactory(places=7, cog="75118")
    _fill([timezone.localdate()])
    counted.clear()
    with reading():
        after = opendata_files.written(dataset)
    assert len(counted) == 1 and after.digest != first.digest
    records = json.loads(after.path("json").read_bytes())["donnees"]
    assert [r for r in records if r["code_commune"] == opendata.PARIS_COG][-1]["valeur"] == 19


def test_a_file_with_a_month_not_in_the_facts_is_not_written(counted, settings):
    StructureFactory(places=12, cog="75118")
    _fill(opendata.month_ends(timezone.localdate())[1:])
    counted.clear()
    for _ in range(2):
        with reading():
            assert opendata_files.written(opendata.BY_SLUG["places-ouvertes"]) is None
            opendata.file_content(opendata.BY_SLUG["places-ouvertes"], "csv")
    assert len(counted) == 2 and not settings.RELAIS_OPENDATA_DIR.exists()


def test_older_versions_are_removed_and_a_removed_file_is_written_again(monkeypatch, counted):
    StructureFactory(places=12, cog="75118")
    dataset = opendata.BY_SLUG["places-ouvertes"]
    _fill()
    with reading():
        first = opendata_files.written(dataset)
    past = time.time() - opendata_files.KEEP_SECONDS - 1
    for path in first.paths():
        os.utime(path, (past, past))
    StructureFactory(places=7, cog="75118")
    _fill([timezone.localdate()])
    with reading():
        second = opendata_files.written(dataset)
    assert not any(path.exists() for path in first.paths()) and all(path.exists() for path in second.paths())
    second.path("csv").unlink()
    counted.clear()
    with reading(), opendata_files.open_file(dataset, second, "csv", compressed=False, today=timezone.localdate()) as f:
        assert f.read().startswith(b"mois;date_observation;code_commune")
    assert len(counted) == 1


def test_the_api_gives_the_written_json_file(client):
    StructureFactory(places=12, cog="75118")
    _fill()
    with reading():
        files = opendata_files.written(opendata.BY_SLUG["places-ouvertes"])
    answer = client.get("/api/v1/open-data/places-ouvertes/")
    assert answer.status_code == 200
    assert answer.json() == json.loads(files.path("json").read_bytes())


def test_the_files_are_written_after_each_refresh_of_the_facts(monkeypatch):
    StructureFactory(places=12, cog="75118")
    _fill()
    out = io.StringIO()
    call_command("write_opendata", stdout=out)
    assert "1 jeu(x) lu(s) depuis les faits" in out.getvalue()
    with reading():
        assert opendata_files._complete(opendata_files.written(opendata.BY_SLUG["places-ouvertes"]))
    called = []
    monkeypatch.setattr(opendata_files, "write_all", lambda slugs: called.append(slugs) or [])
    monkeypatch.setattr(refresh_facts, "read_days", lambda day: [day])
    monkeypatch.setattr(refresh_facts, "published_days", lambda day: [day])
    call_command("refresh_facts", "--jours-lus", stdout=io.StringIO())
    assert called == [None]


def test_a_file_that_cannot_be_written_is_computed(settings, tmp_path):
    StructureFactory(places=12, cog="75118")
    _fill()
    settings.RELAIS_OPENDATA_DIR = tmp_path / "a-file" / "opendata"
    (tmp_path / "a-file").write_text("not a folder")
    dataset = opendata.BY_SLUG["places-ouvertes"]
    with reading():
        assert opendata_files.written(dataset) is None
        assert opendata_files.preview(dataset) == opendata.records(dataset)[: opendata.PREVIEW_LINES]


def test_a_web_worker_has_the_files_written_by_a_process_of_their_own(monkeypatch, settings):
    """Not in the worker: 24 months of published universes would stay in its memo (80 MB nationally)."""
    StructureFactory(places=12, cog="75118")
    _fill()
    settings.RELAIS_OPENDATA_WRITE_APART = True
    dataset = opendata.BY_SLUG["places-ouvertes"]
    started = []

    def run(command, env, **kwargs):  # the command, as the process started would run it
        started.append(command[-3:])
        monkeypatch.setenv(opendata_files.LOCK_HELD, env[opendata_files.LOCK_HELD])
        call_command(*command[-3:], stdout=io.StringIO())
        monkeypatch.delenv(opendata_files.LOCK_HELD)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(opendata_files.subprocess, "run", run)
    with reading():
        files = opendata_files.written(dataset)
    assert started == [["write_opendata", "--jeu", "places-ouvertes"]] and opendata_files._complete(files)
    # The process failed to start or to write: the worker writes them itself.
    monkeypatch.setattr(opendata_files.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 1))
    for path in files.paths():
        path.unlink()
    with reading():
        assert opendata_files._complete(opendata_files.written(dataset))
