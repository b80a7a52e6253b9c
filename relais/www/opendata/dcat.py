"""The open-data catalogue in DCAT (DCAT-AP as JSON-LD), as national portals such as data.gouv.fr harvest it."""

import datetime

from django.urls import reverse

from relais.indicators import opendata

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
PUBLISHER = "Coordination du plan de mobilisation coordonnée sur la problématique du crack à Paris"
PARIS = "http://id.insee.fr/geo/commune/75056"  # « dct:spatial » as INSEE's official geographic identifier


def _uri(node: str) -> dict:
    return {"@id": node}


def _date(day: datetime.date) -> dict:
    return {"@value": day.isoformat(), "@type": "xsd:date"}


def _distribution(absolute, dataset, fmt: str, modified: datetime.date) -> dict:
    url = absolute(reverse(f"opendata:{fmt}", args=[dataset.slug]))
    return {
        "@id": f"{url}#distribution",
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.title} ({fmt.upper()})",
        "dct:format": fmt.upper(),
        "dcat:mediaType": _uri(f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[fmt]}"),
        "dcat:accessURL": _uri(url),
        "dcat:downloadURL": _uri(url),
        "dct:license": _uri(opendata.LICENCE_URL),
        "dct:modified": _date(modified),
    }


def catalogue(absolute, today: datetime.date | None = None) -> dict:
    """`absolute(path)` makes the site's absolute addresses (`request.build_absolute_uri`)."""
    modified = opendata.last_update(today)
    publisher = {"@type": "foaf:Organization", "foaf:name": PUBLISHER}
    datasets = []
    for dataset in opendata.DATASETS:
        landing = absolute(reverse("opendata:preview", args=[dataset.slug]))
        indicator = dataset.indicator
        datasets.append(
            {
                "@id": f"{landing}#dataset",
                "@type": "dcat:Dataset",
                "dct:identifier": f"relais-{dataset.slug}",
                "dct:title": dataset.title,
                "dct:description": f"{indicator.label} : {indicator.definition} Par mois, sur les 24 derniers mois.",
                "dcat:keyword": ["plan crack", "Paris", "hébergement", "réduction des risques"],
                "dct:publisher": publisher,
                "dct:license": _uri(opendata.LICENCE_URL),
                "dct:modified": _date(modified),
                "dct:accrualPeriodicity": _uri("http://purl.org/cld/freq/daily"),
                "dct:spatial": _uri(PARIS),
                "dcat:landingPage": _uri(landing),
                "dcat:distribution": [_distribution(absolute, dataset, fmt, modified) for fmt in MEDIA_TYPES],
            }
        )
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "Relais — données ouvertes du plan crack de Paris",
        "dct:description": "Indicateurs publiés par Relais, par mois et par arrondissement, sous secret statistique.",
        "dct:publisher": publisher,
        "dct:language": _uri("http://publications.europa.eu/resource/authority/language/FRA"),
        "dct:license": _uri(opendata.LICENCE_URL),
        "dct:modified": _date(modified),
        "foaf:homepage": _uri(absolute(reverse("opendata:index"))),
        "dcat:dataset": datasets,
    }
