"""The benchmark command runs on small generated instances: the engine at the optimum, deterministic."""

from io import StringIO

from django.core.management import call_command

from relais.orientation.bench import Scenario, replay, static_rows


def test_static_rows_put_the_engine_at_the_exact_optimum():
    rows = {row["solver"]: row for row in static_rows(120, 90, seed=5)}
    assert rows["engine"]["value"] == rows["optimum"]["value"]
    assert rows["engine"]["gap_pct"] == 0.0 and rows["engine"]["deterministic"]
    assert all(rows[name]["gap_pct"] >= 0 for name in ("fcfs", "priority", "greedy"))


def test_the_replay_is_repeatable_and_compares_the_same_scenario():
    scenario = Scenario(weeks=6, places=40, arrivals_per_week=8)
    first = replay(scenario, seed=3)
    second = replay(scenario, seed=3)
    strip = [{k: v for k, v in row.items() if k != "seconds"} for row in first]
    assert strip == [{k: v for k, v in row.items() if k != "seconds"} for row in second]
    assert {row["arrivals"] for row in first} == {first[0]["arrivals"]}
    assert [row["solver"] for row in first] == ["fcfs", "priority", "engine"]


def test_the_command_writes_both_tables():
    out = StringIO()
    call_command("bench_orientation", sizes="50x20", weeks=3, stdout=out)
    text = out.getvalue()
    assert "| 50 x 20 | moteur (déterministe) |" in text and "Rejeu" in text and "| priorité stricte |" in text
