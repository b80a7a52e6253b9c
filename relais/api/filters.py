"""The pages' filters under the API's parameter names, where the API named them first."""

import django_filters

from relais.sites import filters as sites
from relais.structures.filters import kind_filter, programme_filter
from relais.utils.filters import FilterSet
from relais.utils.identifiers import validate_cog


class StructureFilter(FilterSet):
    """`kind`, `cog` (any commune: structures outside Paris too) and `programme` (its code)."""

    kind = kind_filter()
    cog = django_filters.CharFilter(label="Code commune INSEE", validators=[validate_cog])
    programme = programme_filter()


class AvailabilityFilter(sites.BoardFilter):
    """The board's filters; `kind` is the API's name for the board's `type`, which is also accepted."""

    kind = kind_filter()
    kind_names = ("type", "kind")
