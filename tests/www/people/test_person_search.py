"""The clear alias never travels in a URL: the alias search is a POST, its pages carry no alias."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from relais.audit.models import AccessEvent
from relais.users.enums import Role
from relais.www.people.views import persons
from tests.factories import OrganizationFactory, UserFactory
from tests.helpers import select, select_one
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

ALIAS = "Zéphyrine"


def test_the_alias_search_is_a_post_and_its_pagination_keeps_no_alias(client, monkeypatch):
    monkeypatch.setattr(persons, "PAGE_SIZE", 1)
    org = OrganizationFactory()
    wanted = {PersonFactory(alias=ALIAS, year_of_birth=1980, organization=org).pk for _ in range(2)}
    PersonFactory(alias="Autre", year_of_birth=1980, organization=org)
    client.force_login(UserFactory(role=Role.MARAUDE, organization=org))
    response = client.post(reverse("people:person_list"), {"alias": ALIAS, "year_of_birth": 1980, "sex": "male"})
    found = {p.pk for p in response.context["page"]}
    links = [element.get("href") or element.get("action") for element in select(response, "[href], [action]")]
    assert links and not [link for link in links if "Z%C3%A9phyrine" in link or ALIAS in link or "alias" in link]
    assert response.context["page"].paginator.count == 2
    [next_link] = [link["href"] for link in select(response, ".fr-pagination a.fr-pagination__link--next")]
    assert "page=2" in next_link
    response = client.get(reverse("people:person_list") + next_link)
    found |= {p.pk for p in response.context["page"]}
    assert found == wanted
    assert ALIAS not in response.wsgi_request.get_full_path()


def test_an_alias_in_the_query_string_is_not_searched(client):
    org = OrganizationFactory()
    PersonFactory(alias=ALIAS, year_of_birth=1980, organization=org)
    PersonFactory(alias="Autre", year_of_birth=1980, organization=org)
    client.force_login(UserFactory(role=Role.MARAUDE, organization=org))
    response = client.get(reverse("people:person_list"), {"alias": ALIAS, "year_of_birth": 1980, "sex": "male"})
    assert len(response.context["page"]) == 2
    assert AccessEvent.objects.get().action == "list"


def test_the_pages_of_a_list_repeat_the_code_searched_and_nothing_else_from_the_url(client, monkeypatch):
    monkeypatch.setattr(persons, "PAGE_SIZE", 1)
    org = OrganizationFactory()
    for _ in range(2):
        PersonFactory(alias=ALIAS, year_of_birth=1980, organization=org)
    client.force_login(UserFactory(role=Role.MARAUDE, organization=org))
    response = client.get(reverse("people:person_list"), {"code": "p", "alias": ALIAS, "sex": "male"})
    next_link = select_one(response, ".fr-pagination a.fr-pagination__link--next")["href"]
    assert QueryDict(next_link.lstrip("?")).dict() == {"code": "P", "page": "2"}
