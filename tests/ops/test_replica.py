"""Reads scaled out to a real streaming replica (PostgreSQL only).

A second cluster is made with `pg_basebackup -R` from the PostgreSQL the tests run on, started on a
free loopback port (as the `postgres` OS user when the tests run as root, as scripts/drill.sh does)
and streams the test database. Replay is paused on the replica to make it visibly behind: what
it serves is then told apart from what the primary holds. The cluster is removed at the end.

The primary must accept replication connections from 127.0.0.1 (`.ci/run` adds the pg_hba line);
without that the tests are skipped, unless RELAIS_REQUIRE_REPLICA=1 (CI), where they fail.
"""

import contextlib
import copy
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

import psycopg
import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from relais.api.services import api_key_create
from relais.ops import replica as replica_module
from relais.structures.services import occupancy_declare
from relais.users.enums import GrantStatus, Role
from relais.users.models import AccessGrant
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.helpers import select, select_one
from tests.people.factories import PersonFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="streaming replication needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]

LAG_HEADER = "X-Relais-Replica-Lag"


def _unavailable(reason):
    if os.environ.get("RELAIS_REQUIRE_REPLICA") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """The replica cluster: its own directory, port and OS user; commands run as that user."""

    def __init__(self, primary):
        self.primary = primary
        self.admin_dsn = {
            "host": primary["HOST"] or "127.0.0.1",
            "port": int(primary["PORT"] or 5432),
            "user": primary["USER"] or "postgres",
        }
        with self.connect_primary() as conn:
            major = conn.info.server_version // 10000
        bindirs = glob.glob(f"/usr/lib/postgresql/{major}/bin")
        if not bindirs:
            _unavailable(f"PostgreSQL {major} server binaries not found")
        self.bin = bindirs[0]
        self.port = _free_port()
        self.root = tempfile.mkdtemp(prefix="relais-replica-")
        self.data = os.path.join(self.root, "data")
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, "postgres", "postgres")

    def connect_primary(self):
        return psycopg.connect(dbname="postgres", autocommit=True, **self.admin_dsn)

    def connect(self):
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.admin_dsn["user"], dbname="postgres", autocommit=True
        )

    def run(self, *args, check=True):
        return subprocess.run(
            [*self.as_user, os.path.join(self.bin, args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=600,
            check=check,
        )

    def create(self):
        backup = self.run(
            "pg_basebackup",
            "-h",
            self.admin_dsn["host"],
            "-p",
            str(self.admin_dsn["port"]),
            "-U",
            self.admin_dsn["user"],
            "-D",
            self.data,
            "-R",  # standby.signal and primary_conninfo: a streaming replica
            "-X",
            "stream",
            "-c",
            "fast",
            check=False,
        )
        if backup.returncode != 0:
            _unavailable(f"pg_basebackup failed (replication allowed in pg_hba.conf?): {backup.stderr.strip()}")
        # Debian keeps the configuration in /etc, outside the data directory the backup copies.
        for name, text in {
            "postgresql.conf": "",
            "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
            "pg_ident.conf": "",
        }.items():
            path = os.path.join(self.data, name)
            if not os.path.exists(path):
                with open(path, "w") as file:
                    file.write(text)
                if self.as_user:
                    shutil.chown(path, "postgres", "postgres")
        self.start()

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} "
            "-c archive_mode=off -c hot_standby=on"
        )
        log = os.path.join(self.root, "log")
        started = self.run("pg_ctl", "-D", self.data, "-l", log, "-w", "-o", options, "start", check=False)
        if started.returncode != 0:
            with open(log) as file:
                raise AssertionError(f"the replica did not start: {started.stderr}\n{file.read()}")
        with self.connect() as conn:
            assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]

    def stop(self):
        self.run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def streaming(self) -> bool:
        with self.connect() as conn:
            row = conn.execute("SELECT status FROM pg_stat_wal_receiver").fetchone()
        return row is not None and row[0] == "streaming"

    def caught_up(self, timeout=30):
        """Waits until the replica has replayed everything the primary has written so far."""
        with self.connect_primary() as conn:
            target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        with self.connect() as conn:
            while time.monotonic() < deadline:
                if conn.execute("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", [target]).fetchone()[0]:
                    return
                time.sleep(0.1)
        raise AssertionError("the replica did not catch up")

    @contextlib.contextmanager
    def replay_paused(self):
        self.caught_up()
        with self.connect() as conn:
            conn.execute("SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            with self.connect() as conn:
                conn.execute("SELECT pg_wal_replay_resume()")


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("streaming replication needs PostgreSQL")
    primary = connections["default"].settings_dict
    cluster = Cluster(primary)
    try:
        cluster.create()
        alias = copy.deepcopy(primary)  # the test database, on the replica's port
        alias.update(HOST="127.0.0.1", PORT=str(cluster.port), OPTIONS={"connect_timeout": 2})
        alias["TEST"] = {**alias.get("TEST", {}), "MIRROR": "default"}
        connections.settings["replica"] = alias
        yield cluster
    finally:
        if "replica" in connections.settings:
            connections["replica"].close()
            del connections["replica"]
            del connections.settings["replica"]
        cluster.remove()


@pytest.fixture(autouse=True)
def _replica_state(cluster, settings):
    settings.RELAIS_REPLICA_RETRY_SECONDS = 30
    replica_module._down_since["at"] = None
    yield
    replica_module._down_since["at"] = None


@pytest.fixture
def comite_api():
    """The API as a comité member's software: an approved key."""
    key, raw = api_key_create(
        name="Logiciel de test", organization=OrganizationFactory(), role=Role.COORDINATION, expires_at=None, by=None
    )
    AccessGrant.objects.filter(user=key.user).update(status=GrantStatus.APPROVED)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def _free_places(client, name):
    response = client.get(reverse("v1:availability-list"))
    assert response.status_code == 200
    (row,) = [row for row in response.json()["results"] if row["name"] == name]
    return response, row["occupied"]


def test_the_replica_is_a_real_streaming_copy(cluster):
    assert cluster.streaming()
    with cluster.connect_primary() as conn:
        senders = conn.execute("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'").fetchone()[0]
    assert senders >= 1


def test_aggregate_reads_come_from_the_replica_and_say_its_lag(cluster, comite_api):
    StructureFactory(name="Halte Flandre", places=6, occupied=1)
    api = comite_api
    with cluster.replay_paused():
        structure = StructureFactory(name="Halte Crimée", places=4, occupied=0)
        occupancy_declare(
            structure=StructureFactory._meta.model.objects.get(name="Halte Flandre"),
            occupied=5,
            by=UserFactory(operateur_of=structure.operator),
        )
        time.sleep(1.1)  # so that the lag is visibly more than zero
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            response, occupied = _free_places(api, "Halte Flandre")
        # The replica stopped before the declaration: it still says 1 place taken, and it says so.
        assert occupied == 1
        assert float(response[LAG_HEADER]) >= 1
        assert "Halte Crimée" not in {row["name"] for row in response.json()["results"]}
        assert any("structures_" in query["sql"] for query in on_replica.captured_queries)

        # Person records are read on the primary, even on a page that reads the replica.
        maraude = UserFactory(role=Role.MARAUDE)
        person = PersonFactory(organization=maraude.active_grant.organization)
        browser = Client()
        browser.force_login(maraude)
        page = browser.get(reverse("people:person_detail", args=[person.pk]))
        assert page.status_code == 200
        assert LAG_HEADER not in page
        assert person.alias in page.content.decode()

    cluster.caught_up()
    response, occupied = _free_places(api, "Halte Flandre")
    assert occupied == 5


def test_the_board_reads_the_primary_right_after_a_declaration(cluster, client):
    structure = StructureFactory(name="Accueil Riquet", places=8, occupied=2)
    operator = UserFactory(operateur_of=structure.operator)
    client.force_login(operator)
    comite = UserFactory(role=Role.COMITE)
    other = Client()
    other.force_login(comite)
    with cluster.replay_paused():
        # Before: the board is read from the replica, and says so.
        page = client.get(reverse("board:index"))
        assert page.status_code == 200
        assert LAG_HEADER in page
        assert "copie de lecture" in select_one(page, "#lecture-replique").get_text()

        response = client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 7})
        assert response.status_code in {200, 302}
        assert replica_module.STICKY_COOKIE in response.cookies

        page = client.get(reverse("board:index"))
        assert LAG_HEADER not in page
        assert not select(page, "#lecture-replique")
        # The declaration is on the page: it was read on the primary.
        row = [tr.get_text(" ", strip=True) for tr in select(page, "tr") if "Accueil Riquet" in tr.get_text()]
        assert row
        assert " 7 " in f" {row[0]} "

        # Someone who has written nothing still reads the replica: the board, the dashboards, open data.
        for url in (reverse("board:index"), reverse("dashboards:comite"), reverse("opendata:index")):
            page = other.get(url)
            assert page.status_code == 200, url
            assert LAG_HEADER in page, url
            assert select(page, "#lecture-replique"), url


def test_reads_fall_back_to_the_primary_when_the_replica_goes_away(cluster, comite_api, monkeypatch):
    StructureFactory(name="Centre Ourcq", places=3, occupied=1)
    api = comite_api
    cluster.caught_up()
    response, _ = _free_places(api, "Centre Ourcq")
    assert LAG_HEADER in response

    cluster.stop()
    try:
        # The replica dies between the lag check and the page's queries: the page is read again
        # on the primary.
        monkeypatch.setattr(replica_module, "replica_lag", lambda: 0.0)
        response, occupied = _free_places(api, "Centre Ourcq")
        assert occupied == 1
        assert LAG_HEADER not in response
        assert replica_module._down_since["at"] is not None
        monkeypatch.undo()

        # Next requests do not even try it, and after the retry delay the lag check finds it gone.
        StructureFactory(name="Centre Villette", places=2, occupied=0)
        response, _ = _free_places(api, "Centre Villette")
        assert LAG_HEADER not in response
        replica_module._down_since["at"] = None
        response, _ = _free_places(api, "Centre Villette")
        assert LAG_HEADER not in response
        assert replica_module._down_since["at"] is not None
    finally:
        cluster.start()

    # Back: once the retry delay is over, reads go to the replica again.
    replica_module._down_since["at"] = None
    cluster.caught_up()
    response, _ = _free_places(api, "Centre Villette")
    assert LAG_HEADER in response
