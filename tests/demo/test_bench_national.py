"""The national benchmark's table from given measures: every target of the issue has its line, met or not."""

import math

from relais.demo.bench_national import COMITE, OPENDATA, TARGETS, UNANSWERED, other_verdicts, table, write_readme
from relais.indicators.opendata import DATASETS


def _result(target, clients, p95):
    return {
        "target": target,
        "clients": clients,
        "requests": 100,
        "errors": 0,
        "non2xx": 0,
        "rps": 10.0,
        "p50": p95 / 2,
        "p95": p95,
        "p99": p95 * 1.2,
    }


def _facts(**extra):
    return {
        "structures": 5000,
        "places": 200_000,
        "persons": 1_000_000,
        "stays": 1_500_000,
        "referrals": 3_000_000,
        "sites": 50,
        "worker_rss_mib": [175.0, 180.0],
        "seconds": 10,
        "load": 1.5,
        "steps": {"snapshot": [1.2, 1.9], "pdf": [2.5, 3.4], "timeout": 300},
        "writes": {
            "operations": 6400,
            "per_second": 320.0,
            "seconds": 20.0,
            "refusals": 0,
            "errors": 0,
            "violations": {"double_booked_places": 0, "over_capacity_structures": 0, "drift": 0},
        },
        **extra,
    }


def test_table_has_a_line_for_every_target_met_or_not():
    pages = [t for t in [*TARGETS, COMITE] if t.p95_ms is not None]
    results = [_result(t, 4, t.p95_ms / 2) for t in pages[:1]]  # the first page meets its target
    results += [_result(t, 4, t.p95_ms * 2) for t in pages[1:]]
    results += [_result(t, 4, 150) for t in OPENDATA[:1]] + [_result(t, 4, 250) for t in OPENDATA[1:]]
    text = table(results, _facts())
    assert "3 000 000 orientations, 50 sites" in text
    assert f"- {pages[0].label} : p95 25,0 ms pour un objectif de 50 ms à 4 clients : **atteint**." in text
    assert text.count("**atteint**") == 1 + 1 + 1 + 1 + 1  # a page, a file, the snapshot, memory, writes
    assert text.count("**non atteint**") == len(pages) - 1 + len(OPENDATA) - 1 + 1  # …and the PDF
    assert len(OPENDATA) == 2 * len(DATASETS)  # each dataset, as CSV and as JSON
    for dataset_file in OPENDATA:
        assert f"- {dataset_file.label} : p95" in text
    assert (
        "instantané (chiffres et contrôles de cohérence) : 1,9 s (le plus lent de 2 essais) pour un objectif de 2 s : **atteint**"
        in text
    )
    assert "PDF : 3,4 s (le plus lent de 2 essais) pour un objectif de 3 s : **non atteint**" in text
    assert "Mémoire par worker : 188,7 Mo au plus pour un objectif de 300 Mo : **atteint**" in text
    assert "320,0 op/s (6400 opérations en 20,0 s, aucune violation(s) d'invariant)" in text


def test_targets_not_measured_say_so_and_violations_fail_the_writes():
    lines = other_verdicts(_facts(steps={}, writes=None, worker_rss_mib=[400.0]))
    assert "non mesuré dans cette exécution (objectif 2 s)" in lines[0]
    assert "non mesuré dans cette exécution (objectif 3 s)" in lines[1]
    assert lines[2].endswith("**non atteint**.")  # 419,4 Mo
    assert "Écritures : non mesurées" in lines[3]
    writes = _facts()["writes"] | {"violations": {"double_booked_places": 1, "over_capacity_structures": 0, "drift": 0}}
    assert other_verdicts(_facts(writes=writes))[3].endswith("**non atteint**.")


def test_readme_block_is_replaced_between_its_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("avant\n<!-- bench-national:start -->\nancien\n<!-- bench-national:end -->\naprès\n")
    write_readme(readme, "nouveau")
    assert readme.read_text() == "avant\n<!-- bench-national:start -->\nnouveau\n<!-- bench-national:end -->\naprès\n"


def test_pages_without_answer_or_in_error_and_steps_stopped_are_not_met():
    page = TARGETS[1]
    errors = _result(page, 4, 10) | {"errors": 3}
    unanswered = {"target": OPENDATA[0], "clients": 4, **UNANSWERED}
    text = table([errors, unanswered], _facts(steps={"snapshot": [math.inf], "pdf": [math.inf], "timeout": 300}))
    assert (
        f"- {page.label} : p95 10,0 ms pour un objectif de 50 ms à 4 clients (3 erreur(s) ou délai(s) dépassé(s)) : **non atteint**."
        in text
    )
    assert f"- {OPENDATA[0].label} : p95 sans réponse pour un objectif de 200 ms à 4 clients (1 erreur(s)" in text
    assert (
        "instantané (chiffres et contrôles de cohérence) : interrompu après 300 s pour un objectif de 2 s : **non atteint**"
        in text
    )
    assert "PDF : interrompu après 300 s" in text


def test_a_run_can_load_only_some_pages_each_beside_its_floors():
    from relais.demo.bench_national import COMITE_FLOOR, selected_targets

    paths = [t.path for t in selected_targets(frozenset({"find"}), comite=False, opendata=True)]
    assert paths == [
        "/banc/plancher/json/",
        "/disponibilites/?type=lhss&lat=48.88&lon=2.38",
        "/banc/plancher/sql/find/",
    ]
    comite = selected_targets(frozenset({"comite", "api"}), comite=False, opendata=False)
    assert [t.sql_floor for t in comite if t.p95_ms] == ["api", "comite"] and COMITE_FLOOR in comite
    everything = selected_targets(None, comite=True, opendata=True)
    assert everything == [*TARGETS, COMITE, COMITE_FLOOR, *OPENDATA]
