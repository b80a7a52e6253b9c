"""The site timeline as a server-drawn SVG (no script, no inline style), read with its data table.

Top band: highest headcount estimate by day (line) and by night (dashed line). Bottom band: on-site
acts (bars). Between them, a dot for each period with police operations. Vertical marks: lifecycle
changes and evacuations, each with its text in a <title> and in the table.
"""

from relais.sites.enums import SiteStatus

WIDTH, LEFT, RIGHT = 720, 44, 8
TOP, HEAD_BOTTOM = 12, 160
OPS_Y = 172
ACTS_TOP, ACTS_BOTTOM = 184, 236
HEIGHT = 256


def _n(value: float) -> str:
    """SVG coordinates as strings: the French locale would otherwise print « 49,9 » in templates."""
    return f"{value:.1f}"


def _scale(peak, top, bottom):
    peak = peak or 1

    def y(value):
        return bottom - value * (bottom - top) / peak

    return y


def timeline_chart(timeline) -> dict | None:
    rows = timeline.rows
    if not rows or not (
        timeline.totals["observations"]
        or timeline.totals["acts_total"]
        or timeline.totals["operations"]
        or timeline.status_changes
        or timeline.displacements
    ):
        return None
    step = (WIDTH - LEFT - RIGHT) / len(rows)
    peak = max(timeline.totals["peak_day"] or 0, timeline.totals["peak_night"] or 0)
    acts_peak = max((r["acts_total"] or 0 for r in rows), default=0)  # None: a published count hidden
    head_y = _scale(peak, TOP, HEAD_BOTTOM)
    acts_y = _scale(acts_peak, ACTS_TOP, ACTS_BOTTOM)
    index = {row["start"]: i for i, row in enumerate(rows)}

    def x(i):
        return LEFT + (i + 0.5) * step

    day_points, night_points, bars, dots, ticks = [], [], [], [], []
    tick_every = max(1, len(rows) // 8)
    for i, row in enumerate(rows):
        if row["day"]:
            day_points.append(f"{_n(x(i))},{_n(head_y(row['day']['high']))}")
        if row["night"]:
            night_points.append(f"{_n(x(i))},{_n(head_y(row['night']['high']))}")
        if row["acts_total"]:
            top = acts_y(row["acts_total"])
            bars.append(
                {
                    "x": _n(LEFT + i * step),
                    "y": _n(top),
                    "w": _n(max(step - 1, 1)),
                    "h": _n(ACTS_BOTTOM - top),
                    "title": f"{row['label']} : {row['acts_total']} actes",
                }
            )
        if row["operations"]:
            dots.append({"x": _n(x(i)), "title": f"{row['label']} : {row['operations']} opération(s) de police"})
        if i % tick_every == 0:
            ticks.append({"x": _n(x(i)), "label": row["label"].replace("sem. du ", "")})

    def bucket_index(day):
        best = None
        for start, i in index.items():
            if start <= day:
                best = i
        return best

    marks = []
    for change in timeline.status_changes:
        if timeline.period.start <= change.effective_on <= timeline.period.end:
            i = bucket_index(change.effective_on)
            if i is not None:
                marks.append(
                    {
                        "x": _n(x(i)),
                        "kind": "dismantled" if change.status == SiteStatus.DISMANTLED else "status",
                        "title": f"{change.effective_on:%d/%m/%Y} : {change.get_status_display()}",
                    }
                )
    for displacement in timeline.displacements:
        i = bucket_index(displacement.day)
        if i is not None:
            marks.append(
                {
                    "x": _n(x(i)),
                    "kind": "displacement",
                    "title": f"{displacement.day:%d/%m/%Y} : {displacement.get_kind_display()}, "
                    f"{'< 11' if displacement.people is None else displacement.people} personne(s)",
                }
            )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "head_top": TOP,
        "head_bottom": HEAD_BOTTOM,
        "acts_top": ACTS_TOP,
        "acts_bottom": ACTS_BOTTOM,
        "ops_y": OPS_Y,
        "peak": peak,
        "acts_peak": acts_peak,
        "day": " ".join(day_points),
        "night": " ".join(night_points),
        "bars": bars,
        "dots": dots,
        "marks": marks,
        "ticks": ticks,
        "label_y": HEIGHT - 4,
    }
