import hashlib
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template import defaultfilters
from django.template.base import FilterExpression, Origin

from relais.users.services import roles_sync

# Our templates: the project's `templates/` and every `relais/**/templates/`. django-dsfr's and
# Django admin's own templates read optional variables on purpose; they stay lenient.
OUR_TEMPLATE_ROOTS = (settings.BASE_DIR / "templates", settings.BASE_DIR / "relais")


def _origin_of_rendering_node(frame) -> Origin | None:
    """The template file of the node being rendered: the nearest caller whose `self` is a node."""
    while frame is not None:
        origin = getattr(frame.f_locals.get("self"), "origin", None)
        if isinstance(origin, Origin):
            return origin
        frame = frame.f_back
    return None


class UnknownTemplateVariable(str):
    """`string_if_invalid` that fails the test on an unknown variable printed by one of our templates.

    Django asks it only where a missing variable would be printed (`{{ x }}`, `{{ x|filter }}`, a tag's
    argument), never for `{% if x %}`, `{% firstof %}` or `{% for %}`. A variable that may be absent is
    tested with `{% if %}`, given a `default` filter (`{{ x|default:"—" }}`), or passed by the view.
    Anywhere else it behaves as Django's own empty string.
    """

    def __bool__(self):
        # Django tests `if string_if_invalid:` before formatting it: true means "fail here".
        caller = sys._getframe(1)
        if caller.f_code is not FilterExpression.resolve.__code__:
            return False
        if any(func is defaultfilters.default for func, _ in caller.f_locals["self"].filters):
            return False  # Django goes on with "" and the filter supplies the value
        origin = _origin_of_rendering_node(caller)
        return origin is not None and any(Path(origin.name).is_relative_to(root) for root in OUR_TEMPLATE_ROOTS)

    def __contains__(self, key):
        return key == "%s"

    def __mod__(self, name):
        origin = _origin_of_rendering_node(sys._getframe(1))
        pytest.fail(f"Unknown template variable {str(name)!r} in {origin.name if origin else 'a template'}")


def pytest_configure(config):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UnknownTemplateVariable()


@pytest.fixture
def synced_roles(db):
    """Role groups as `sync_roles` makes them in every deployment."""
    roles_sync()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache, the published occupancy and the filter bar's choices in the
    process; ids repeat between tests once the database rolls back."""
    from django.core.cache import cache

    from relais.indicators import dashboard_memo, fact_memo
    from relais.indicators.availability import forget_published
    from relais.www.board.display import forget_filter_choices

    cache.clear()
    forget_published()
    forget_filter_choices()
    fact_memo.forget()
    dashboard_memo.forget()


@pytest.fixture(autouse=True)
def _opendata_directory(settings, tmp_path_factory, request):
    """Each test writes its open-data files apart: a file is named by the version of its facts, and
    databases rolled back (or frozen clocks) give the same version to other facts."""
    name = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:16]
    settings.RELAIS_OPENDATA_DIR = tmp_path_factory.getbasetemp() / "opendata" / name
