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
