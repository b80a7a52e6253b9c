"""The Procfile as a platform runs it: postdeploy, then web, worker and scheduler together under honcho.

Production settings on a throw-away SQLite, the web process on a free loopback port. /readyz must
answer 200: a backup is "unknown" on a new database, which only fails where backups are required
(RELAIS_READYZ_REQUIRE_BACKUP, set in PostgreSQL production).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

from relais.ops.local_secrets import local_env

BIN = Path(sys.executable).parent
PROCFILE = Path(settings.BASE_DIR) / "Procfile"


def _procfile():
    return dict(line.split(": ", 1) for line in PROCFILE.read_text().splitlines() if line.strip())


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _readyz(port, deadline):
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as response:
                return response.status, json.loads(response.read())
        except OSError:  # not listening yet, or still booting its worker
            time.sleep(0.5)
    raise AssertionError("/readyz never answered")


def test_the_procfile_processes_start_together_and_answer_readyz(tmp_path):
    assert set(_procfile()) == {"web", "worker", "scheduler", "postdeploy"}
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SENTRY_DSN"}}
    env |= local_env() | {
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "RELAIS_VAR_DIR": str(tmp_path),
        "PATH": f"{BIN}{os.pathsep}{env['PATH']}",  # the Procfile says `python` and `gunicorn`
        "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port} --workers 1",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run(["bash", "-c", _procfile()["postdeploy"]], env=env, cwd=settings.BASE_DIR, check=True, timeout=300)  # noqa: S607
    runner = subprocess.Popen(
        [BIN / "honcho", "start", "--no-colour", "web", "worker", "scheduler"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        status, body = _readyz(port, deadline=time.monotonic() + 120)
        assert (status, body["status"], body["migrations"]["status"]) == (200, "ok", "ok")
        assert body["backup"]["status"] == "unknown"
        assert runner.poll() is None  # honcho stops everything as soon as one process ends
        runner.send_signal(signal.SIGTERM)
        output, _ = runner.communicate(timeout=30)
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait()
    for process in ("web.1", "worker.1", "scheduler.1"):
        assert f"{process} started" in output, output
        assert f"{process} stopped" in output, output
    assert "Traceback" not in output, output
