from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from relais.indicators import opendata
from relais.indicators.publication import LEGEND
from relais.users.access import public
from relais.www.core.downloads import download


@public
def index(request):
    return render(
        request, "opendata/index.html", {"datasets": opendata.DATASETS, "legend": LEGEND, "licence": opendata.LICENCE}
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
    return download(opendata.as_csv(dataset), filename=f"relais-{slug}.csv")


@public
@cache_control(public=True, max_age=3600)
def dataset_json(request, slug):
    dataset = _dataset(slug)
    return JsonResponse(opendata.as_json(dataset), json_dumps_params={"ensure_ascii": False, "indent": 1})
