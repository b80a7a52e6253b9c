from relais.reports.communique import trace

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
