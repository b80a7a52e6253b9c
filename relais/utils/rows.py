"""Inserting and updating one row as `Model.save()` does, with its SQL built once per model.

On the write paths that run hundreds of times a second (referral transitions, admissions, exits), most of
the Python time of a plain `save()` goes into compiling the same INSERT or UPDATE again. These functions
keep what `save()` guarantees to everything listening — the same `pre_save` and `post_save` signals (the
change history's actor, the facts journal), each field's `pre_save` (`auto_now`) and database conversion —
and only reuse the statement. They handle a model without parents and plain values (no expressions)."""

from django.db import connections, router
from django.db.models.signals import post_save, pre_save

_INSERTS: dict = {}
_UPDATES: dict = {}


def _insert_sql(model, connection, with_pk: bool) -> tuple[str, list]:
    key = (model, connection.alias, with_pk)
    if key not in _INSERTS:
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields if with_pk or f is not meta.pk]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        values = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values}) RETURNING {quote(meta.pk.column)}"  # noqa: S608 - names from the model
        _INSERTS[key] = (sql, fields)
    return _INSERTS[key]


def insert_row(instance) -> None:
    """`instance.save(force_insert=True)`: one INSERT, the primary key read back, the same signals."""
    model = type(instance)
    using = router.db_for_write(model, instance=instance)
    connection = connections[using]
    pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    sql, fields = _insert_sql(model, connection, instance.pk is not None)
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pk = cursor.fetchone()[0]
    if instance.pk is None:
        instance.pk = pk
    instance._state.adding = False
    instance._state.db = using
    post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False, using=using)


def update_row(instance, update_fields: list[str]) -> None:
    """`instance.save(update_fields=…)` on a row that exists: one UPDATE of those fields, the same signals."""
    model = type(instance)
    using = router.db_for_write(model, instance=instance)
    connection = connections[using]
    names = frozenset(update_fields)
    pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=names)
    key = (model, using, tuple(update_fields))
    if key not in _UPDATES:
        meta = model._meta
        quote = connection.ops.quote_name
        fields = [meta.get_field(name) for name in update_fields]
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - names from the model
        _UPDATES[key] = (sql, fields)
    sql, fields = _UPDATES[key]
    params = [f.get_db_prep_save(f.pre_save(instance, False), connection) for f in fields]
    params.append(model._meta.pk.get_db_prep_save(instance.pk, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    instance._state.db = using
    post_save.send(sender=model, instance=instance, created=False, update_fields=names, raw=False, using=using)
