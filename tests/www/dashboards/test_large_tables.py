"""A national breakdown (2,807 communes): the chart shows the largest values and says so, the table every row."""

import re

from django.template.loader import render_to_string

from relais.indicators.dashboards import chart_bars
from relais.www.core.charts import MAX_BARS, bar_chart


def _table(count: int) -> dict:
    labels = [f"Commune {n:04d}" for n in range(count)]
    values = [None if n == 5 else n % 97 for n in range(count)]
    return {
        "id": "par-arrondissement",
        "title": "Structures et places par arrondissement",
        "dimension_label": "Arrondissement",
        "columns": [{"code": "places_open", "label": "Places ouvertes", "unit": "places"}],
        "rows": [
            {"label": label, "cells": ["s" if v is None else str(v)]} for label, v in zip(labels, values, strict=True)
        ],
        "total": {"label": "Total", "cells": ["1"]},
        "chart": chart_bars(list(zip(labels, values, strict=True))),
        "chart_caption": "Places ouvertes (places) par arrondissement.",
        "legend": {},
    }


def test_a_chart_of_many_rows_draws_the_largest_values_largest_first():
    items = [(f"c{n}", n % 97) for n in range(2_807)] + [("masquée", None)]
    chart = bar_chart(items, markers=[float(n) for n in range(len(items))])
    assert chart["largest"] and chart["shown"] == MAX_BARS and chart["rows"] == "2\u202f808"
    values = [int(bar["value"]) for bar in chart["bars"]]
    assert values == sorted(values, reverse=True) and values[0] == 96 and len(values) == MAX_BARS
    # Each bar keeps its own marker: c96 is the first with the largest value.
    assert chart["bars"][0]["label"] == "c96" and chart["bars"][0]["marker_x"] is not None


def test_a_chart_of_few_rows_is_drawn_as_before():
    items = [(f"{n}e", n * 10) for n in range(1, 21)]  # Paris: 20 arrondissements, in the table's order
    chart = bar_chart(items)
    assert not chart["largest"] and [bar["label"] for bar in chart["bars"]] == [label for label, _ in items]


def test_the_page_draws_thirty_bars_says_so_and_lists_every_row():
    html = render_to_string("dashboards/_table.html", {"table": _table(2_807), "export_url": "/export/"})
    assert html.count('class="bar"') == MAX_BARS
    assert "Le graphique montre les 30 plus grandes valeurs sur 2\u202f807 lignes" in html
    assert "et dans ses exports CSV et XLSX" in html
    assert len(re.findall(r'<th scope="row">Commune \d{4}</th>', html)) == 2_807
    assert '<th scope="row">Commune 0005</th><td>s</td>' in html


def test_table_rows_are_escaped():
    table = _table(3)
    table["rows"][0] = {"label": "<script>alert(1)</script>", "cells": ["a & b"]}
    html = render_to_string("dashboards/_table.html", {"table": table})
    assert "<script>" not in html
    assert '<th scope="row">&lt;script&gt;alert(1)&lt;/script&gt;</th><td>a &amp; b</td>' in html
    assert "Les valeurs figurent dans le tableau ci-dessous." in html


def test_an_empty_table_says_so():
    table = {**_table(0), "chart": None}
    html = render_to_string("dashboards/_table.html", {"table": table})
    assert "Aucune donnée à cette date." in html


def test_a_large_table_kept_by_a_dashboard_is_written_once_and_follows_new_rows():
    table = _table(2_807)
    first = render_to_string("dashboards/_table.html", {"table": table})
    assert render_to_string("dashboards/_table.html", {"table": table}) == first
    other = {**table, "rows": [{**row, "cells": ["7"]} for row in table["rows"]]}
    assert '<th scope="row">Commune 0005</th><td>7</td>' in render_to_string("dashboards/_table.html", {"table": other})
