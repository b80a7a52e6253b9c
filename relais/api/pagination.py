"""Pages of the API whose total is counted on a lighter queryset than the rows shown."""

from rest_framework.pagination import LimitOffsetPagination


class CountedLimitOffsetPagination(LimitOffsetPagination):
    """`paginate_queryset(rows, request, view, counted=structures)`: the page of `rows`, its `count`
    taken on `counted` (the same rows without the joins and columns only the page needs: the live
    figures and the operator cost a join of every structure when the count needs none)."""

    def paginate_queryset(self, queryset, request, view=None, counted=None):
        self.counted = counted
        return super().paginate_queryset(queryset, request, view)

    def get_count(self, queryset):
        counted = getattr(self, "counted", None)
        return super().get_count(queryset if counted is None else counted)
