from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from relais.indicators import opendata
from relais.indicators.fact_reader import reading
from relais.indicators.suppression import LEGEND
from relais.users.access import public
from relais.www.core.downloads import download
from relais.www.opendata import dcat


def _licence():
    return {"name": opendata.LICENCE_NAME, "url": opendata.LICENCE_URL}


@public
def index(request):
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": opendata.DATASETS,
            "legend": LEGEND,
            "licence": _licence(),
            "updated": opendata.last_update(),
        },
    )


def _dataset(slug):
    dataset = opendata.BY_SLUG.get(slug)
    if dataset is None:
        raise Http404
    return dataset


@public
@cache_control(public=True, max_age=3600)
def dataset_csv(request, slug):
    dataset = _dataset(slug)
    with reading():  # the daily facts where they cover the months
        content = opendata.file_content(dataset, "csv")
    return download(content, filename=f"relais-{slug}.csv")


@public
@cache_control(public=True, max_age=3600)
def dataset_json(request, slug):
    dataset = _dataset(slug)
    with reading():
        content = opendata.file_content(dataset, "json")
    return HttpResponse(content, content_type="application/json")


@public
def preview(request, slug):
    """The first lines of a dataset's file, its definition, licence and date, before downloading it."""
    dataset = _dataset(slug)
    with reading():
        rows = opendata.preview(dataset)
    return render(
        request,
        "opendata/preview.html",
        {
            "dataset": dataset,
            "columns": list(rows[0]) if rows else [],
            "rows": [[row[c] for c in row] for row in rows],
            "licence": _licence(),
            "updated": opendata.last_update(),
            "legend": LEGEND,
        },
    )


@public
@cache_control(public=True, max_age=3600)
def catalogue(request):
    """The DCAT catalogue of the datasets (JSON-LD), for the harvester of a national open-data portal."""
    return JsonResponse(
        dcat.catalogue(request.build_absolute_uri),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
