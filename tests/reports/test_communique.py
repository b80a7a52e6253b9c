from relais.reports.communique import draft_text, trace

SNAPSHOT = {
    "communique_figures": [
        {"id": "structures_open", "code": "structures_open", "display": "11", "value": 11},
        {"id": "places_open", "code": "places_open", "display": "1\u202f234", "value": 1234},
        {"id": "places_occupied_hotel", "code": "places_occupied", "display": "< 11", "value": None},
    ]
}


def test_trace_finds_each_figure_and_flags_numbers_without_source():
    text = (
        "Paris, le 1er octobre 2021. 1/ 11 structures, 1\u202f234 places, dont < 11 chambres occupées "
        "au 30 septembre 2021 à 23:59 ; 2/ et 57 autres."
    )
    result = trace(text, SNAPSHOT)
    assert {f["id"]: f["stated"] for f in result["figures"]} == {
        "structures_open": True,
        "places_open": True,
        "places_occupied_hotel": True,
    }
    assert result["untraced"] == ["57"]


def test_a_figure_left_out_is_not_stated():
    result = trace("Rien que 12 places.", SNAPSHOT)
    assert not any(f["stated"] for f in result["figures"])
    assert result["untraced"] == ["12"]


def _quoted(by_kind=True):
    """A capacity answer as quoted in a snapshot (published figures); version 3 answers have no `by_kind`."""
    answer = {"question": {"scene": 60, "weeks": 8}, "flow": 25, "steady": {"places": 48}}
    if by_kind:
        answer["by_kind"] = [
            {"kind": "hotel", "label": "Hôtel", "flow": 17},
            {"kind": "lam", "label": "LAM", "flow": 0},
            {"kind": "psychiatry", "label": "Capacité psychiatrique hospitalière", "flow": 3},
            {"kind": "chrs", "label": "CHRS", "flow": 6},
        ]
    return answer


def test_the_communique_states_the_quoted_capacity_answer_per_kind_and_traces_its_numbers():
    snapshot = {
        **SNAPSHOT,
        "meeting_date": "2026-12-07",
        "meeting_label": "lundi 7 décembre 2026",
        "as_of_label": "7 décembre 2026",
        "capacity_quotes": [_quoted()],
    }
    text = draft_text(snapshot)
    assert (
        "Pour mettre à l'abri en 8 semaines une scène de 60 personnes, la cellule de coordination estime le besoin à "
        "25 places d'hébergement libres au départ (dont 17 à l'hôtel, 3 Capacité psychiatrique hospitalière et 6 en "
        "CHRS), puis 48 places pour que les nouvelles arrivées attendent rarement (estimation à partir des chiffres "
        "publiés)."
    ) in text
    assert trace(text, snapshot)["untraced"] == []
    assert trace(text + " Et 77 lits.", snapshot)["untraced"] == ["77"]


def test_an_answer_quoted_before_the_plan_per_kind_reads_without_its_split():
    snapshot = {**SNAPSHOT, "meeting_date": "2026-12-07", "meeting_label": "lundi 7 décembre 2026"}
    snapshot |= {"as_of_label": "7 décembre 2026", "capacity_quotes": [_quoted(by_kind=False)]}
    text = draft_text(snapshot)
    assert "estime le besoin à 25 places d'hébergement libres au départ, puis 48 places" in text
    assert "dont" not in text.split("Pour mettre à l'abri")[1]
    assert "Pour mettre à l'abri" not in draft_text({**snapshot, "capacity_quotes": []})
