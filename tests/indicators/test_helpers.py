import datetime

import pytest

from relais.indicators.dashboards import Filters, months_before
from relais.indicators.exports import escape
from relais.www.core.charts import bar_cells, bar_chart

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(D(2022, 3, 31), 1, D(2022, 2, 28)), (D(2024, 3, 31), 1, D(2024, 2, 29)), (D(2022, 1, 15), 12, D(2021, 1, 15))],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.parametrize("text", ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_are_escaped(text):
    assert escape(text) == "'" + text


def test_plain_cells_and_numbers_are_kept():
    assert escape("Paris 19e") == "Paris 19e"
    assert escape(-2) == -2


def test_bar_chart_scales_to_the_largest_value_or_marker():
    chart = bar_chart([("a", 50), ("b", None), ("c", 0)], markers=[100, None, None])
    a, b, c = chart["bars"]
    assert a["marker_x"] > a["x"] + a["w"]  # the target beyond the bar
    assert (b["value"], b["w"]) == ("", 0)  # a hidden value has no bar
    assert c["w"] == 0 and chart["has_markers"]
    assert bar_chart([("a", None)]) is None


def test_printed_bars_share_the_charts_scale_and_leave_hidden_values_out():
    a, hidden, zero, small = bar_cells([50, None, 0, 0.001], markers=[100, None, None, None])
    assert a == {"fill": 50.0, "target": 100.0}  # the target is the widest: the scale's end
    assert hidden is None and zero == {"fill": 0, "target": None}
    assert small["fill"] == 0.5  # a value above zero is always seen
    assert bar_cells([None, None]) == [None, None]  # nothing to scale: no error


def test_filters_parse_both_date_formats():
    assert Filters.from_query({"au": "30/09/2021"}).day == D(2021, 9, 30)
    assert Filters.from_query({"au": "2021-09-30", "periode": "24"}).months == 24
    assert Filters.from_query({"au": "1850-01-01"}).error
