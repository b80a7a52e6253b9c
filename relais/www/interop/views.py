from django.http import JsonResponse

from relais.interop.data_inclusion import as_csv, services_export, structures_export
from relais.users.access import public
from relais.www.core.downloads import download

EXPORTS = {"structures": structures_export, "services": services_export}


@public
def data_inclusion(request, dataset, fmt):
    records = EXPORTS[dataset]()
    if fmt == "json":
        response = JsonResponse(records, safe=False, json_dumps_params={"ensure_ascii": False})
    else:
        response = download(as_csv(records), filename=f"relais-data-inclusion-{dataset}.csv")
    response["Access-Control-Allow-Origin"] = "*"  # open data, readable by any directory's software
    return response
