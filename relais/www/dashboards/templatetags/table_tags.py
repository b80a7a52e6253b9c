"""The rows of a dashboard's table, written in Python: a national breakdown has thousands of rows (2,807
communes), which the template engine took a quarter of a second to render, cell by cell."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A kept dashboard (relais/indicators/dashboard_memo.py) hands the same rows to every request: a large
# table is written once per process. Each entry holds its rows, so their id is never reused meanwhile.
LARGE = 200
SIZE = 16
_WRITTEN: dict[int, tuple[list, SafeString]] = {}


@register.simple_tag
def table_rows(rows: list[dict], bars: list[dict | None] | None = None) -> SafeString:
    """`rows` are `{"label": …, "cells": [text, …]}`: one `<tr>` each, its label a row header; every text
    escaped (`html.escape` is what the template's autoescape applies). `bars` (the printed report's, one
    per row, `draw_bar_cells`) add a last cell drawing each row's bar."""
    if bars is not None:
        return _written(rows, bars)
    if len(rows) < LARGE:
        return _written(rows)
    found = _WRITTEN.get(id(rows))
    if found is None or found[0] is not rows:
        found = _WRITTEN[id(rows)] = (rows, _written(rows))
        while len(_WRITTEN) > SIZE:
            del _WRITTEN[next(iter(_WRITTEN))]
    return found[1]


def _written(rows: list[dict], bars: list[dict | None] | None = None) -> SafeString:
    return mark_safe(  # noqa: S308 - every value is escaped here, a bar's widths are numbers
        "\n".join(
            f'<tr><th scope="row">{escape(str(row["label"]))}</th>'
            + "".join(f"<td>{escape(str(cell))}</td>" for cell in row["cells"])
            + ("" if bars is None else _bar_cell(bars[index]))
            + "</tr>"
            for index, row in enumerate(rows)
        )
    )


def _bar_cell(bar: dict | None) -> str:
    """A bar and its target's stroke, of widths in % of the cell (inline styles: only WeasyPrint reads
    this, never a browser under the CSP)."""
    if bar is None:
        return '<td class="relais-bar"></td>'
    target = (
        ""
        if bar["target"] is None
        else f'<div class="relais-bar__target" style="width: {float(bar["target"])}%"></div>'
    )
    return (
        '<td class="relais-bar"><div class="relais-bar__track">'
        f'<div class="relais-bar__fill" style="width: {float(bar["fill"])}%"></div>{target}</div></td>'
    )
