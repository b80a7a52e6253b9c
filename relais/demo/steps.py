"""The timed steps of `make bench-national` that are not pages: the point de situation's snapshot (its
figures and the consistency checks run before freezing) and its PDF, as `situation_report_generate`
builds them (relais/reports/services.py), without freezing anything. Each run goes in a child process
stopped past `timeout` seconds, so that a step far from its target still ends the benchmark."""

import datetime
import math
import multiprocessing
import queue
import time

from django.db import connection
from django.utils import timezone

from relais.reports.checks import consistency_errors
from relais.reports.pdf import report_pdf
from relais.reports.services import report_title
from relais.reports.snapshot import snapshot_build

STEP_TIMEOUT = 300


def _run(results) -> None:
    connection.close()  # a connection of its own, not the parent's
    today = timezone.localdate()
    began = time.perf_counter()
    snapshot = snapshot_build(meeting_date=today)
    consistency_errors(datetime.datetime.fromisoformat(snapshot["as_of"]))
    results.put(("snapshot", time.perf_counter() - began))
    began = time.perf_counter()
    report_pdf(snapshot=snapshot, title=report_title(today))
    results.put(("pdf", time.perf_counter() - began))
    connection.close()


def timed_report_steps(*, runs: int, log, timeout: float = STEP_TIMEOUT) -> dict:
    """Seconds of each run of each step for a meeting today (infinite: stopped after `timeout`)."""
    timings = {"snapshot": [], "pdf": [], "timeout": timeout}
    context = multiprocessing.get_context("fork")
    connection.close()
    for _ in range(runs):
        results = context.Queue()
        child = context.Process(target=_run, args=(results,))
        child.start()
        for step in ("snapshot", "pdf"):
            try:
                _, seconds = results.get(timeout=timeout)
            except queue.Empty:
                seconds = math.inf
            timings[step].append(seconds)
            if math.isinf(seconds):
                timings["pdf"] += [math.inf] * (step == "snapshot")
                break
        child.terminate()
        child.join()
        log(f"point de situation : instantané {timings['snapshot'][-1]:.2f} s, PDF {timings['pdf'][-1]:.2f} s")
        if math.isinf(timings["snapshot"][-1]):
            break  # no use waiting again
    return timings
