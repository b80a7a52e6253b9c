import pytest

from relais.sites import rules
from relais.sites.validators import identity_reason, validate_area_geojson


def test_every_predicate_says_who_may():
    predicates = [getattr(rules, name) for name in dir(rules) if name.startswith("can_")]
    assert len(predicates) == 8
    assert all(p.__doc__ and len(p.__doc__) > 20 for p in predicates)


@pytest.mark.parametrize(
    "text",
    [
        "Site calme, matériel distribué le 12/03/2022",
        "Pluie, 3 personnes sous l'abri de la porte",
        "Tensions en soirée ; Maraude passée à 22 h",
        "Rue Forceval, square Auguste-Baron",
        "",
    ],
)
def test_ordinary_site_descriptions_pass(text):
    assert identity_reason(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Vu M. Karim près du square", "civilité suivie d'un nom"),
        ("Madame Lopez très fatiguée", "civilité suivie d'un nom"),
        ("surnommé le Grand", "nom ou surnom"),
        ("dit « Jojo »", "surnom"),
        ("née en 1990", "date de naissance"),
        ("contact : x.y@example.org", "adresse électronique"),
        ("+33 6 12 34 56 78", "numéro de téléphone"),
        ("1 85 05 78 006 084 36", "numéro de sécurité sociale"),
    ],
)
def test_obvious_identities_are_caught(text, reason):
    assert identity_reason(text) == reason


def test_area_must_be_a_closed_polygon():
    ring = [[2.38, 48.89], [2.381, 48.89], [2.381, 48.891], [2.38, 48.89]]
    validate_area_geojson({"type": "Polygon", "coordinates": [ring]})
    validate_area_geojson({"type": "MultiPolygon", "coordinates": [[ring]]})
    for bad in (
        {"type": "Polygon", "coordinates": [ring[:-1]]},
        {"type": "Polygon", "coordinates": [[[200, 48.89], *ring[1:]]]},
        {"type": "LineString", "coordinates": ring},
        ["not", "an", "object"],
    ):
        with pytest.raises(Exception, match="Polygon ou MultiPolygon"):
            validate_area_geojson(bad)
