"""`make bench-national`: Relais served by gunicorn (2 workers, production settings) on the generated
national data, loaded by `wrk` at 4 and 16 clients; each page beside two floors measured in the same
run (a bare Django JSON view, and the page's question as one hand-written SQL query, served by the
same server: relais/demo/bench_urls.py). The table goes into the README between two markers.
"""

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils.module_loading import import_string

from relais.demo import bench_writes
from relais.demo.national import BENCH_USERNAME
from relais.demo.steps import timed_report_steps
from relais.identity.sessions import LOGIN_AT, session_now
from relais.indicators.opendata import DATASETS
from relais.users.models import User

START, END = "<!-- bench-national:start -->", "<!-- bench-national:end -->"
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, '
    .. '"p50": %.3f, "p95": %.3f, "p99": %.3f}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


@dataclass(frozen=True)
class Target:
    label: str
    path: str
    sql_floor: str | None  # the question's name in bench_urls.QUESTIONS
    p95_ms: float | None  # the target at 4 clients
    clients: tuple[int, ...] | None = None  # measured at these client counts only (None: all of them)
    floor_ratio: float | None = None  # the target: p95 within this ratio of the SQL floor's, at 4 clients


TARGETS = [
    Target("Plancher : vue JSON Django nue", "/banc/plancher/json/", None, None),
    Target(
        "Trouver une place (`/disponibilites/?type=lhss&lat=48.88&lon=2.38`)",
        "/disponibilites/?type=lhss&lat=48.88&lon=2.38",
        "find",
        50,
    ),
    Target("Plancher SQL : trouver une place", "/banc/plancher/sql/find/", None, None),
    Target("Tableau des disponibilités (`/disponibilites/`, page de 100)", "/disponibilites/", "board", 100),
    Target("Plancher SQL : tableau et totaux", "/banc/plancher/sql/board/", None, None),
    Target("API (`/api/v1/availability/`)", "/api/v1/availability/", "api", 50),
    Target("Plancher SQL : page de l'API", "/banc/plancher/sql/api/", None, None),
]
# Each open-data file, loaded at the 4 clients (≤ 200 ms each).
OPENDATA = [
    Target(f"Données ouvertes (`{path}`)", path, None, 200, (4,))
    for dataset in DATASETS
    for path in (f"/donnees-ouvertes/{dataset.slug}.csv", f"/donnees-ouvertes/{dataset.slug}.json")
]
CHECK_TIMEOUT = 60
# A page that did not answer the check: no load, no latency, one error.
UNANSWERED = {"requests": 0, "duration_us": 1, "errors": 1, "non2xx": 0, "rps": 0.0} | dict.fromkeys(
    ("p50", "p95", "p99"), math.inf
)
MEMORY_TARGET_MB = 300
SNAPSHOT_TARGET_S = 2
PDF_TARGET_S = 3
WRITES_TARGET = 300
COMITE = Target(
    "Tableau de bord du comité (`/tableaux-de-bord/comite/`)",
    "/tableaux-de-bord/comite/",
    "comite",
    300,
    floor_ratio=1.5,
)
COMITE_FLOOR = Target("Plancher SQL : faits quotidiens du comité", "/banc/plancher/sql/comite/", None, None)


def bench_session() -> tuple[str, str]:
    """A signed-in session of the generated bench user (comité role: no person-level data, no second
    factor owed), as the login view would leave it; returns the cookie's name and value."""
    user = User.objects.get(username=BENCH_USERNAME)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that signs in with a password (the last one able to fetch the user again).
    session[BACKEND_SESSION_KEY] = [
        b for b in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(b), "get_user")
    ][-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LOGIN_AT] = session_now()
    session.create()
    return settings.SESSION_COOKIE_NAME, session.session_key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"le serveur ne répond pas : {url}")


def _check(base: str, path: str, cookie: str) -> bool:
    """Every measured URL answers 200 to the bench session (not a redirect to the login page); False when
    it does not answer within CHECK_TIMEOUT seconds or its worker is stopped (measured as such, not loaded)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310 - loopback
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=CHECK_TIMEOUT)
    except urllib.error.HTTPError as exc:
        raise RuntimeError(f"{path} : réponse {exc.code}") from exc
    except OSError:  # past the timeout, or the worker stopped by gunicorn's own timeout
        return False
    if response.status != 200:
        raise RuntimeError(f"{path} : réponse {response.status}")
    return True


def _wrk(url: str, cookie: str, clients: int, seconds: int, script: str) -> dict:
    command = [
        "wrk",
        f"-t{min(clients, 2)}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        script,
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    result = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def _worker_rss_mib(master: int) -> list[float]:
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                status = (stat.parent / "status").read_text()
                rss = next(line for line in status.splitlines() if line.startswith("VmRSS"))
                sizes.append(int(rss.split()[1]) / 1024)
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return sizes


PAGES = ("find", "board", "api", "comite", "opendata")


def selected_targets(pages=None, *, comite: bool, opendata: bool) -> list[Target]:
    """What a run loads: every page (`pages` None, `comite` and `opendata` as asked), or only the pages
    named in `pages` (names of `PAGES`), each beside its SQL floor, and the JSON floor always."""
    everything = [*TARGETS, *([COMITE, COMITE_FLOOR] if comite else []), *(OPENDATA if opendata else [])]
    if pages is None:
        return everything
    floors = {"/banc/plancher/json/", *(f"/banc/plancher/sql/{page}/" for page in pages)}
    chosen = [t for t in [*TARGETS, COMITE, COMITE_FLOOR] if t.sql_floor in pages or t.path in floors]
    return [*chosen, *(OPENDATA if "opendata" in pages else [])]


def run(
    *,
    seconds: int,
    clients: list[int],
    comite: bool,
    log,
    opendata: bool = True,
    steps: int = 3,
    writes=None,
    pages=None,
) -> tuple[list[dict], dict]:
    """The loads, then (server stopped) the timed steps and, with `writes` (bench_writes' arguments), the
    write benchmark; returns the measures and the facts of the run. `pages`: see `selected_targets`."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk est introuvable : apt-get install wrk")
    targets = selected_targets(pages, comite=comite, opendata=opendata)
    name, key = bench_session()
    cookie = f"{name}={key}"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "WEB_CONCURRENCY": "2"}
    server = subprocess.Popen(  # noqa: S603
        [str(Path(os.sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"],
        env=env,
        start_new_session=True,
    )
    results = []
    try:
        _wait(base + "/banc/plancher/json/")
        unanswered = set()
        for target in targets:
            if not _check(base, target.path, cookie):
                unanswered.add(target.path)
                log(f"{target.path} : pas de réponse (délai de {CHECK_TIMEOUT} s ou worker arrêté), non chargé")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        for target in targets:
            if target.path in unanswered:
                results += [{"target": target, "clients": n, **UNANSWERED} for n in target.clients or clients]
                continue
            _wrk(base + target.path, cookie, 2, 2, script.name)  # warm-up: caches, connections, plans
            for n in clients:
                if target.clients is not None and n not in target.clients:
                    continue
                result = _wrk(base + target.path, cookie, n, seconds, script.name)
                if not result["requests"]:  # none finished within the measure: no latency to show
                    result |= dict.fromkeys(("p50", "p95", "p99"), math.inf)
                results.append({"target": target, "clients": n, **result})
                log(
                    f"{target.path:<52} c={n:<3} {result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms  "
                    f"p95 {result['p95']:7.1f} ms  p99 {result['p99']:7.1f} ms  erreurs {result['errors'] + result['non2xx']}"
                )
        memory = _worker_rss_mib(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    timings = timed_report_steps(runs=steps, log=log) if steps else {}
    written = None
    if writes is not None:
        written = bench_writes.run(**writes)  # as `manage.py bench_writes`
        log(f"écritures : {written['operations']} opérations, {written['per_second']:.0f} op/s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM structures_structure), (SELECT COUNT(*) FROM structures_place), "
            "(SELECT COUNT(*) FROM stays_stay), (SELECT COUNT(*) FROM people_person), "
            "(SELECT COUNT(*) FROM referrals_referral), (SELECT COUNT(*) FROM sites_site)"
        )
        structures, places, stays, persons, referrals, sites = cursor.fetchone()
    facts = {
        "structures": structures,
        "places": places,
        "stays": stays,
        "persons": persons,
        "referrals": referrals,
        "sites": sites,
        "worker_rss_mib": memory,
        "steps": timings,
        "writes": written,
        "seconds": seconds,
        "load": os.getloadavg()[0],
    }
    return results, facts


def _fmt(value: float) -> str:
    if math.isinf(value):
        return "—"
    return f"{value:,.1f}".replace(",", " ").replace(".", ",")


def table(results: list[dict], facts: dict) -> str:
    by = {(r["target"].path, r["clients"]): r for r in results}
    floor = "/banc/plancher/json/"
    count = lambda n: f"{n:,}".replace(",", " ")  # noqa: E731
    lines = [
        f"Données : {count(facts['structures'])} structures, {count(facts['places'])} places, "
        f"{count(facts['persons'])} personnes, {count(facts['stays'])} séjours, "
        f"{count(facts.get('referrals', 0))} orientations, {count(facts.get('sites', 0))} sites "
        "(PostgreSQL, `generate_national`). "
        f"gunicorn 2 workers, réglages de production ; `wrk` {facts['seconds']} s par mesure, sur la même machine "
        f"(2 cœurs ; charge moyenne de la machine en fin de banc : {_fmt(facts['load'])}). "
        f"Mémoire des workers en fin de banc : {', '.join(f'{m:.0f} Mio' for m in facts['worker_rss_mib'])}.",
        "",
        "| page / appel | clients | req/s | p50 (ms) | p95 (ms) | p99 (ms) | p95 ÷ plancher JSON | p95 ÷ plancher SQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    verdicts = []
    for r in results:
        target, n = r["target"], r["clients"]
        json_floor = by.get((floor, n))
        sql_floor = by.get((f"/banc/plancher/sql/{target.sql_floor}/", n)) if target.sql_floor else None
        ratio_json = _fmt(r["p95"] / json_floor["p95"]) if json_floor and target.path != floor else ""
        ratio_sql = _fmt(r["p95"] / sql_floor["p95"]) if sql_floor else ""
        lines.append(
            f"| {target.label} | {n} | {_fmt(r['rps'])} | {_fmt(r['p50'])} | {_fmt(r['p95'])} | {_fmt(r['p99'])} "
            f"| {ratio_json} | {ratio_sql} |"
        )
        if target.p95_ms is not None and n == 4:
            # Requests in error or past wrk's timeout have no latency: the target is not met with any.
            failed = r["errors"] + r["non2xx"]
            met = r["requests"] > 0 and not failed and r["p95"] <= target.p95_ms
            verdicts.append(
                f"- {target.label} : p95 {'sans réponse' if math.isinf(r['p95']) else _fmt(r['p95']) + ' ms'} "
                f"pour un objectif de {target.p95_ms:g} ms à 4 clients"
                + (f" ({failed} erreur(s) ou délai(s) dépassé(s))" if failed else "")
                + " : "
                + _verdict(met)
            )
        if target.floor_ratio is not None and n == 4 and sql_floor:
            ratio = r["p95"] / sql_floor["p95"]
            verdicts.append(
                f"- {target.label} : p95 à {_fmt(ratio)} fois celui du plancher SQL pour un objectif de "
                f"{_fmt(target.floor_ratio)} fois à 4 clients : "
                + ("**atteint**." if ratio <= target.floor_ratio else "**non atteint**.")
            )
    return "\n".join([*lines, "", *verdicts, *other_verdicts(facts)])


def _verdict(met: bool) -> str:
    return "**atteint**." if met else "**non atteint**."


def other_verdicts(facts: dict) -> list[str]:
    """The targets that are not a page's p95: the report's steps, memory per worker, writes per second."""
    lines = []
    steps = facts.get("steps") or {}
    for key, label, target in (
        ("snapshot", "Point de situation : instantané (chiffres et contrôles de cohérence)", SNAPSHOT_TARGET_S),
        ("pdf", "Point de situation : PDF", PDF_TARGET_S),
    ):
        if steps.get(key) and math.isinf(max(steps[key])):
            lines.append(
                f"- {label} : interrompu après {steps['timeout']:g} s pour un objectif de {target} s : "
                + _verdict(False)
            )
        elif steps.get(key):
            slowest = max(steps[key])
            lines.append(
                f"- {label} : {_fmt(slowest)} s (le plus lent de {len(steps[key])} essai{'s' * (len(steps[key]) > 1)}) pour un objectif de "
                f"{target} s : {_verdict(slowest <= target)}"
            )
        else:
            lines.append(f"- {label} : non mesuré dans cette exécution (objectif {target} s).")
    memory = facts.get("worker_rss_mib") or []
    if memory:
        largest = max(memory) * 1024 * 1024 / 1e6
        lines.append(
            f"- Mémoire par worker : {_fmt(largest)} Mo au plus pour un objectif de {MEMORY_TARGET_MB} Mo : "
            + _verdict(largest <= MEMORY_TARGET_MB)
        )
    writes = facts.get("writes")
    if writes:
        clean = not any(writes["violations"].values())
        lines.append(
            f"- Écritures (orientation, acceptation, admission, sortie ; `bench_writes`, après "
            f"{_fmt(bench_writes.WARM_UP)} s de préchauffage) : "
            f"{_fmt(writes['per_second'])} op/s ({writes['operations']} opérations en {_fmt(writes['seconds'])} s, "
            f"{'aucune' if clean else 'des'} violation(s) d'invariant) pour un objectif de {WRITES_TARGET} op/s : "
            + _verdict(writes["per_second"] >= WRITES_TARGET and clean)
        )
    else:
        lines.append(
            f"- Écritures : non mesurées dans cette exécution (`--writes` lance `bench_writes` ; objectif "
            f"{WRITES_TARGET} op/s)."
        )
    return lines


def write_readme(readme: Path, text: str) -> None:
    content = readme.read_text()
    block = f"{START}\n{text}\n{END}"
    if START in content and END in content:
        before, rest = content.split(START, 1)
        after = rest.split(END, 1)[1]
        content = before + block + after
    else:
        content = content.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(content)
