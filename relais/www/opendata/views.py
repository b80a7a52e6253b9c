import re

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.cache import cache_control

from relais.indicators import opendata, opendata_files
from relais.indicators.fact_reader import reading
from relais.indicators.suppression import LEGEND
from relais.users.access import public
from relais.www.core.downloads import CONTENT_TYPES, download
from relais.www.opendata import dcat

# As Django's GZipMiddleware reads the header.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


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
def dataset_csv(request, slug):
    return _file(request, _dataset(slug), "csv")


@public
def dataset_json(request, slug):
    return _file(request, _dataset(slug), "json")


def _file(request, dataset, kind: str):
    """The file written from the facts (sent from disk, gzip when accepted, 304 when the client holds this
    version), else computed from the history. Always revalidated: a refresh of the facts changes it."""
    today = timezone.localdate()
    filename = f"relais-{dataset.slug}.{kind}"
    compressed = ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) is not None
    with reading():  # the daily facts where they cover the months
        files = opendata_files.written(dataset, today)
        if files is None:
            content = opendata.file_content(dataset, kind, today)
            response = (
                download(content, filename=filename) if kind == "csv" else HttpResponse(content, "application/json")
            )
            patch_cache_control(response, public=True, no_cache=True)
            return response
        etag, modified = files.etag(kind, compressed=compressed), int(files.modified.timestamp())
        response = get_conditional_response(request, etag=etag, last_modified=modified)
        if response is None:
            file = opendata_files.open_file(dataset, files, kind, compressed=compressed, today=today)
            response = FileResponse(
                file, content_type=CONTENT_TYPES[kind], as_attachment=kind == "csv", filename=filename
            )
            if compressed:
                response.headers["Content-Encoding"] = "gzip"
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(modified)
    patch_vary_headers(response, ("Accept-Encoding",))
    patch_cache_control(response, public=True, no_cache=True)
    return response


@public
def preview(request, slug):
    """The first lines of a dataset's file, its definition, licence and date, before downloading it."""
    dataset = _dataset(slug)
    with reading():
        rows = opendata_files.preview(dataset)
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
