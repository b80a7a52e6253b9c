"""Each filter set works on its own copies of its class's filters and fields (relais.utils.filters)."""

import django_filters
import pytest
from django.test import RequestFactory

from relais.structures.models import Programme, Structure
from relais.utils.filters import FilterSet
from tests.factories import ProgrammeFactory, StructureFactory

pytestmark = pytest.mark.django_db


def _programmes_of(request):
    return Programme.objects.filter(code=request.GET["offre"])


class ProgrammeFilters(FilterSet):
    programme = django_filters.ModelChoiceFilter(queryset=_programmes_of, to_field_name="code", method="of_programme")
    seen = []

    def of_programme(self, queryset, name, value):
        self.seen.append(self)
        return queryset.filter(programme=value)


def _filters(query: str) -> ProgrammeFilters:
    request = RequestFactory().get(f"/?{query}")
    return ProgrammeFilters(request.GET, queryset=Structure.objects.all(), request=request)


def test_each_filter_set_has_its_requests_choices_and_calls_its_own_method():
    ProgrammeFilters.seen.clear()
    a, b = ProgrammeFactory(code="A"), ProgrammeFactory(code="B")
    in_a, in_b = StructureFactory(programme=a), StructureFactory(programme=b)
    first, second = _filters("offre=A&programme=A"), _filters("offre=B&programme=A")

    assert list(first.form.fields["programme"].queryset) == [a]
    assert list(second.form.fields["programme"].queryset) == [b]
    # A is not offered to the second request: refused there, applied in the first.
    assert "programme" in second.errors
    assert list(first.qs) == [in_a]
    assert in_b not in first.qs
    assert ProgrammeFilters.seen == [first]
    # The class's filter still asks each request for its choices.
    assert ProgrammeFilters.base_filters["programme"].extra["queryset"] is _programmes_of
    assert first.filters["programme"] is not second.filters["programme"]


def test_two_forms_of_one_filter_set_do_not_share_their_fields():
    filters = _filters("offre=A")
    form_class = filters.get_form_class()
    one, other = form_class(filters.data), form_class(filters.data)

    assert one.fields["programme"] is not other.fields["programme"]
    one.fields["programme"].label = "changé"
    assert other.fields["programme"].label != "changé"
