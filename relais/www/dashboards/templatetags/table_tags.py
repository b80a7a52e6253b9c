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
def table_rows(rows: list[dict]) -> SafeString:
    """`rows` are `{"label": …, "cells": [text, …]}`: one `<tr>` each, its label a row header; every text
    escaped (`html.escape` is what the template's autoescape applies)."""
    if len(rows) < LARGE:
        return _written(rows)
    found = _WRITTEN.get(id(rows))
    if found is None or found[0] is not rows:
        found = _WRITTEN[id(rows)] = (rows, _written(rows))
        while len(_WRITTEN) > SIZE:
            del _WRITTEN[next(iter(_WRITTEN))]
    return found[1]


def _written(rows: list[dict]) -> SafeString:
    return mark_safe(  # noqa: S308 - every value is escaped here
        "\n".join(
            f'<tr><th scope="row">{escape(str(row["label"]))}</th>'
            + "".join(f"<td>{escape(str(cell))}</td>" for cell in row["cells"])
            + "</tr>"
            for row in rows
        )
    )
