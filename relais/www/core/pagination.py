from django.core.paginator import Page, Paginator

PAGE_SIZE = 100


def paginate(request, queryset, size: int = PAGE_SIZE) -> dict:
    """The page asked for and the query string to keep the filters on the other pages."""
    params = request.GET.copy()
    params.pop("page", None)
    page: Page = Paginator(queryset, size).get_page(request.GET.get("page"))
    return {"page": page, "query_without_page": params.urlencode()}
