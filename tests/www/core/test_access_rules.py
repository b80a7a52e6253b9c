"""Every view declares who reaches it; each role reaches exactly the pages its rule names."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from relais.users.admin_site import RelaisAdminSite
from relais.users.enums import ALL_ROLES, REGISTRY_READERS, Role
from tests.factories import StructureFactory, UserFactory


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def test_every_url_declares_its_access_rule():
    undeclared = []
    for route, pattern in _walk(get_resolver().url_patterns):
        callback = pattern.callback
        if route.startswith("admin/"):
            continue  # guarded by RelaisAdminSite.has_permission, checked below
        declared = getattr(callback, "relais_roles", None) or getattr(callback, "relais_public", False)
        api_class = getattr(callback, "cls", None)  # Django REST framework views
        if api_class is not None:
            declared = getattr(api_class, "allowed_roles", None) or getattr(api_class, "public", False)
        view_class = getattr(callback, "view_class", None)
        if view_class is not None and view_class.__module__.startswith("django.contrib.auth"):
            declared = True  # login and logout are Django's own auth views
        if not declared:
            undeclared.append(route)
    assert undeclared == []


def test_the_admin_site_is_relais_own():
    assert isinstance(admin_site, RelaisAdminSite)


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_admin_only_for_admin_role(client, synced_roles, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("admin:index"))
    if role == Role.ADMIN:
        assert response.status_code == 200
        assert client.get(reverse("admin:structures_structure_changelist")).status_code == 200
    else:
        assert response.status_code == 302  # sent to the admin login, which it cannot pass


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_registry_pages_by_role(client, role):
    structure = StructureFactory(places=3, occupied=1)
    client.force_login(UserFactory(role=role))
    pages = [
        reverse("board:index"),
        reverse("registry:structure_list"),
        reverse("registry:structure_detail", args=[structure.pk]),
        reverse("registry:programme_list"),
    ]
    expected = 200 if role in REGISTRY_READERS else 403
    assert [client.get(url).status_code for url in pages] == [expected] * len(pages)
    assert client.get(reverse("registry:import")).status_code == (200 if role == Role.COORDINATION else 403)
    assert client.get(reverse("core:home")).status_code == 200


# Apps whose models hold person-level data: none of them may ever be in the Django admin,
# which the technical administrator (no person-level access) uses.
PERSON_LEVEL_APPS = {"people", "referrals", "stays", "pathways", "audit"}


def test_the_admin_registers_no_person_level_model():
    registered = {model._meta.app_label for model in admin_site._registry}
    assert registered & PERSON_LEVEL_APPS == set()
