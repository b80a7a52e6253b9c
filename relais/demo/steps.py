"""The timed steps of `make bench-national` that are not pages: the point de situation's snapshot (its
figures and the consistency checks run before freezing) and its PDF, as `situation_report_generate`
builds them (relais/reports/services.py), without freezing anything."""

import datetime
import time

from django.utils import timezone

from relais.reports.checks import consistency_errors
from relais.reports.pdf import report_pdf
from relais.reports.services import report_title
from relais.reports.snapshot import snapshot_build


def timed_report_steps(*, runs: int, log) -> dict[str, list[float]]:
    """Seconds of each run of each step, for a meeting today."""
    today = timezone.localdate()
    timings = {"snapshot": [], "pdf": []}
    for _ in range(runs):
        began = time.perf_counter()
        snapshot = snapshot_build(meeting_date=today)
        consistency_errors(datetime.datetime.fromisoformat(snapshot["as_of"]))
        timings["snapshot"].append(time.perf_counter() - began)
        began = time.perf_counter()
        report_pdf(snapshot=snapshot, title=report_title(today))
        timings["pdf"].append(time.perf_counter() - began)
        log(f"point de situation : instantané {timings['snapshot'][-1]:.2f} s, PDF {timings['pdf'][-1]:.2f} s")
    return timings
