"""Draw the charts of the tables that `relais.indicators` computes (pages, situation report and its PDF).

The indicators give the data only (`chart_bars`, `chart_series` in their tables); the geometry is
drawn here, at rendering, so a frozen snapshot keeps figures and never pixels.
"""

import datetime

from django import template

from relais.www.core.charts import bar_cells, bar_chart, capacity_chart

register = template.Library()


@register.simple_tag
def draw_bar_chart(data: dict | None) -> dict | None:
    """`data` is `{"items": [[label, value], …], "markers": [value, …] | None}`."""
    if not data:
        return None
    return bar_chart([(label, value) for label, value in data["items"]], data.get("markers"))


@register.simple_tag(takes_context=True)
def draw_bar_cells(context, table: dict) -> list[dict | None] | None:
    """On paper (`paper` in the context: the printed report), a table's bar chart drawn in its rows, when
    it has one bar per row in the rows' order (`relais.reports.pdf.printed` keeps them so); otherwise
    None: no bars, and pages draw the chart beside the table."""
    items = (table.get("chart") or {}).get("items") or []
    if not context.get("paper") or table.get("capacity_chart") or len(items) != len(table.get("rows") or []):
        return None
    if all(value is None for _, value in items):
        return None
    return bar_cells([value for _, value in items], table["chart"].get("markers"))


@register.simple_tag
def draw_capacity_chart(rows: list[dict] | None) -> dict | None:
    """`rows` are `{"day": "YYYY-MM-DD", "places_open": n, "target": n | None}`, ISO days as a snapshot keeps them."""
    if not rows:
        return None
    return capacity_chart([{**row, "day": datetime.date.fromisoformat(row["day"])} for row in rows])
