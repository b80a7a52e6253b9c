from collections.abc import Mapping

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PAGE_SIZE = 100


def paginate(
    request, queryset, size: int = PAGE_SIZE, *, query: Mapping[str, str] | None = None, count: int | None = None
) -> dict:
    """The page asked for and the query string to keep the filters on the other pages.

    `query` replaces the request's query string in the links to the other pages, for a list whose
    query string is not to be repeated as it came (a search that must never put an alias in a URL).
    `count`: the number of rows when the page already has it (no second count of the same rows)."""
    if query is None:
        params = request.GET.copy()
        params.pop("page", None)
    else:
        params = QueryDict(mutable=True)
        params.update({key: value for key, value in query.items() if value})
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not queried
    page: Page = paginator.get_page(request.GET.get("page"))
    return {"page": page, "query_without_page": params.urlencode()}
