"""Server-drawn SVG charts: no script, no inline style (CSP), and always a data table beside them."""

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 220, 40, 20, 10


def capacity_chart(rows: list[dict]) -> dict | None:
    """Bars of places open by month, with the target as a step line."""
    if not rows:
        return None
    peak = max([r["places_open"] for r in rows] + [r["target"] or 0 for r in rows]) or 1
    plot_w, plot_h = WIDTH - LEFT, HEIGHT - BOTTOM - TOP
    step = plot_w / len(rows)

    def y(value):
        return TOP + plot_h - value * plot_h / peak

    bars, target_points, ticks = [], [], []
    for index, row in enumerate(rows):
        x = LEFT + index * step
        top = y(row["places_open"])
        bars.append(
            {
                "x": round(x, 1),
                "y": round(top, 1),
                "w": round(max(step - 1, 1), 1),
                "h": round(TOP + plot_h - top, 1),
            }
        )
        if row["target"] is not None:
            target_points.append(f"{x:.1f},{y(row['target']):.1f} {x + step:.1f},{y(row['target']):.1f}")
        if (row["day"].month == 1 and row["day"].day == 1) or index == 0:
            ticks.append({"x": round(x, 1), "label": row["day"].year})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "target": " ".join(target_points),
        "ticks": ticks,
        "axis_y": HEIGHT - BOTTOM,
        "peak": peak,
        "peak_y": TOP,
        "left": LEFT,
    }


BAR_LABEL_W, BAR_H, BAR_GAP, BAR_VALUE_W = 230, 18, 6, 60
# A chart of thousands of bars (the communes of a national dashboard) reads nothing and weighs a megabyte:
# beyond this many rows it shows the largest values and says so; the table beside it gives every row.
MAX_BARS = 30


def bar_chart(
    items: list[tuple[str, float | None]], markers: list[float | None] | None = None, *, limit: int = MAX_BARS
) -> dict | None:
    """Horizontal bars, one per labelled value; hidden (None) values get no bar, the table says why.
    `markers` (a target per bar, say) are drawn as a vertical stroke across the bar. More than `limit`
    rows: the `limit` largest values only, largest first (`largest` is then true)."""
    if not any(value is not None for _, value in items):
        return None
    pairs = list(zip(items, markers or [None] * len(items), strict=True))
    largest = len(pairs) > limit
    if largest:
        # Stable: equal values keep the table's order.
        pairs = sorted((p for p in pairs if p[0][1] is not None), key=lambda p: -p[0][1])[:limit]
    peak = _peak([value for (_, value), _ in pairs], [m for _, m in pairs])
    plot_w = WIDTH - BAR_LABEL_W - BAR_VALUE_W
    bars = []
    for index, ((label, value), marker) in enumerate(pairs):
        y = TOP + index * (BAR_H + BAR_GAP)
        width = 0 if value is None else max(round(value * plot_w / peak, 1), 1 if value else 0)
        bars.append(
            {
                "label": label if len(label) <= 36 else label[:35] + "…",
                "x": BAR_LABEL_W,
                "y": y,
                "w": width,
                "h": BAR_H,
                "text_y": y + BAR_H - 5,
                "value": "" if value is None else str(value).replace(".", ","),
                "value_x": BAR_LABEL_W + width + 4,
                "marker_x": None if marker is None else round(BAR_LABEL_W + marker * plot_w / peak, 1),
                "marker_y2": y + BAR_H + 2,
                "marker_y1": y - 2,
            }
        )
    return {
        "width": WIDTH,
        "height": TOP * 2 + len(pairs) * (BAR_H + BAR_GAP),
        "bars": bars,
        "label_x": 0,
        "has_markers": any(m is not None for _, m in pairs),
        "largest": largest,
        "shown": len(pairs),
        "rows": f"{len(items):,}".replace(",", "\u202f"),
    }


def _peak(values: list[float | None], markers: list[float | None]) -> float:
    """The value drawn at full width: the largest value or marker (1 when all are zero)."""
    return max([v for v in values if v is not None] + [m for m in markers if m is not None], default=0) or 1


def bar_cells(values: list[float | None], markers: list[float | None] | None = None) -> list[dict | None]:
    """The printed report's bars, one per row of its table, drawn in a cell of the row (WeasyPrint sets SVG
    text letter by letter: a chart beside the table cost a fifth of the PDF and repeated its labels).
    Each is `{"fill": %, "target": % | None}` of the cell's width, on the scale of `bar_chart`; None for a
    hidden value (the row's cells say why)."""
    markers = markers or [None] * len(values)
    peak = _peak(values, markers)
    return [
        None
        if value is None
        else {
            "fill": max(round(value * 100 / peak, 1), 0.5 if value else 0),
            "target": None if marker is None else round(marker * 100 / peak, 1),
        }
        for value, marker in zip(values, markers, strict=True)
    ]
