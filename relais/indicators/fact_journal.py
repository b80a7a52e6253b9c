"""The journal of changed days: which history changed, from which day, so that `refresh_facts` recomputes
only the days and indicators a change can affect.

Domain services call nothing for a row they save or delete: a receiver of `post_save`/`post_delete` on the models the figures are
computed from notes, in memory, the earliest day each change touches (the dates of the row: a stay
entered today but started ten days ago touches ten days). The notes of one transaction are written after
its commit, in one INSERT (`FactChange`): nothing is added inside the domain's locked transactions, and a
rolled back change is written anyway, which only costs a recomputation that finds nothing new.
A date moved later un-counts the days between its old and its new value: the old value is noted too,
compared with the value the row was loaded with (kept at `post_init`, read again for a deferred field).
Writes that send no signal (bulk inserts, `QuerySet.update`, rows moved by a merge of person records) are
announced by their service through `relais.utils.history.announce`. Reference rows (a structure, a programme, a place, a site…) carry no date of their own in the figures:
their change touches every day (`day` null).
"""

import datetime
import functools
import threading

from django.apps import apps
from django.db import connections, models, router, transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.utils import timezone

from relais.indicators.models import FactChange
from relais.utils.history import history_changed
from relais.utils.prepared import statement_cursor

# The apps whose history the catalogue reads (an indicator module's areas: facts.MODULE_AREAS).
AREAS = ("structures", "stays", "referrals", "people", "pathways", "sites", "governance", "premises")
# Rows derived from the history (kept beside it by the domain services): never a source of the figures.
IGNORED = frozenset({"structures.structureavailability"})
# Rows whose change reclassifies the whole history (kind, programme, location…): every day is touched.
REFERENCE = frozenset(
    {
        "structures.structure",
        "structures.programme",
        "structures.place",
        "structures.freshnessrule",
        "sites.site",
        "governance.plan",
    }
)

_pending = threading.local()
# The dated values a row was loaded or last saved with, on the instance (compared at its next save).
LOADED = "_fact_dates"


def _notes() -> dict:
    if not hasattr(_pending, "notes"):
        _pending.notes = {}
    return _pending.notes


def _as_day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    return None


@functools.cache
def _dated(model) -> tuple:
    """The model's date and datetime fields (asked at every row loaded: computed once per model)."""
    return tuple(f for f in model._meta.concrete_fields if isinstance(f, models.DateField))


def _named(fields, update_fields) -> list:
    return [f for f in fields if f.name in update_fields or f.attname in update_fields]


def touched_from(instance, update_fields=None) -> datetime.date | None:
    """The earliest day a saved or deleted row touches (None: every day). An update that names its fields
    touches from the earliest of the dates it sets (an exit: its exit date), else from the row's dates."""
    if instance._meta.label_lower in REFERENCE:
        return None
    fields = _dated(type(instance))
    if update_fields:
        fields = _named(fields, update_fields) or fields
    days = [d for d in (_as_day(getattr(instance, f.attname)) for f in fields) if d is not None]
    return min(days) if days else None


def previous_days(instance, update_fields=None) -> list[datetime.date]:
    """The old values of the dates an update changes (an admission moved from the 3rd to the 10th: the 3rd)."""
    if instance._state.adding or instance.pk is None:
        return []
    fields = _dated(type(instance))
    if update_fields:
        fields = _named(fields, update_fields)
    loaded = instance.__dict__.get(LOADED, {})
    unknown = [f.attname for f in fields if f.attname not in loaded]
    if unknown:
        # Deferred when the row was loaded: read as stored (one query, only then).
        stored = type(instance)._base_manager.filter(pk=instance.pk).values(*unknown).first() or {}
        loaded = {**loaded, **stored}
    olds = [loaded.get(f.attname) for f in fields if loaded.get(f.attname) != getattr(instance, f.attname)]
    return [d for d in map(_as_day, olds) if d is not None]


def _keep_loaded(instance) -> None:
    values = instance.__dict__
    values[LOADED] = {f.attname: values[f.attname] for f in _dated(type(instance)) if f.attname in values}


def note(area: str, day: datetime.date | None) -> None:
    """Remember that `area`'s history changed from `day`; written once the transaction commits."""
    notes = _notes()
    if area not in notes or (notes[area] is not None and (day is None or day < notes[area])):
        notes[area] = day
    # Every time: the notes of a rolled back transaction wait for the next commit, whichever area it touches.
    transaction.on_commit(flush)


def discard() -> None:
    """Forget the notes not written yet (a test's transactions never commit: their notes would wait)."""
    _notes().clear()


def flush() -> None:
    notes = _notes()
    if not notes:
        return
    rows = [FactChange(area=area, day=day) for area, day in notes.items()]
    notes.clear()
    # After every committed write: one INSERT built here rather than compiled by `bulk_create` each time.
    connection = connections[router.db_for_write(FactChange)]
    fields = [FactChange._meta.get_field(name) for name in ("area", "day", "recorded_at")]
    params = [f.get_db_prep_save(f.pre_save(row, True), connection) for row in rows for f in fields]
    quote = connection.ops.quote_name
    with statement_cursor(connection) as cursor:
        cursor.execute(
            f"INSERT INTO {quote(FactChange._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608 - names from the model
            f"VALUES {', '.join(['(%s, %s, %s)'] * len(rows))}",
            params,
        )


def _loaded(sender, instance, **kwargs):
    _keep_loaded(instance)


def _saving(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:
        for day in previous_days(instance, update_fields):
            note(sender._meta.app_label, day)


def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:
        note(sender._meta.app_label, touched_from(instance, update_fields))
    _keep_loaded(instance)


def _deleted(sender, instance, **kwargs):
    note(sender._meta.app_label, touched_from(instance))


def _announced(sender, area, day=None, **kwargs):
    if area in AREAS:
        note(area, day)


def connect() -> None:
    """Listen to the rows of every area and to the announced bulk changes (once, whatever the number of calls)."""
    history_changed.connect(_announced, dispatch_uid="facts-announced")
    for area in AREAS:
        for model in apps.get_app_config(area).get_models():
            if model._meta.label_lower in IGNORED:
                continue
            label = model._meta.label_lower
            if label not in REFERENCE and _dated(model):
                post_init.connect(_loaded, sender=model, dispatch_uid=f"facts-loaded-{label}")
                pre_save.connect(_saving, sender=model, dispatch_uid=f"facts-saving-{label}")
            post_save.connect(_saved, sender=model, dispatch_uid=f"facts-saved-{model._meta.label_lower}")
            post_delete.connect(_deleted, sender=model, dispatch_uid=f"facts-deleted-{model._meta.label_lower}")
