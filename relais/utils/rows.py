"""Inserting and updating one row as `Model.save()` does, with its SQL built once per model.

On the write paths that run hundreds of times a second (referral transitions, admissions, exits), most of
the Python time of a plain `save()` goes into compiling the same INSERT or UPDATE again. These functions
keep what `save()` guarantees to everything listening — the same `pre_save` and `post_save` signals (the
change history's actor, the facts journal), each field's `pre_save` (`auto_now`) and database conversion —
and only reuse the statement. They handle a model without parents and plain values (no expressions)."""

from django.db import connections, router
from django.db.models.signals import post_save, pre_save

from relais.utils.prepared import statement_cursor

_INSERTS: dict = {}
_UPDATES: dict = {}


def _insert_sql(model, connection, with_pk: bool, skip_conflicts: bool) -> tuple[str, list]:
    key = (model, connection.alias, with_pk, skip_conflicts)
    if key not in _INSERTS:
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields if with_pk or f is not meta.pk]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        values = ", ".join(["%s"] * len(fields))
        conflicts = " ON CONFLICT DO NOTHING" if skip_conflicts else ""
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values}){conflicts} "  # noqa: S608 - names from the model
            f"RETURNING {quote(meta.pk.column)}"
        )
        _INSERTS[key] = (sql, fields)
    return _INSERTS[key]


def insert_row(instance, *, skip_conflicts: bool = False) -> bool:
    """`instance.save(force_insert=True)`: one INSERT, the primary key read back, the same signals.

    `skip_conflicts`: a row that a unique index refuses is not inserted (`ON CONFLICT DO NOTHING`) and False
    is returned, without `post_save`; the transaction goes on, with no savepoint needed around the INSERT."""
    model = type(instance)
    using = router.db_for_write(model, instance=instance)
    connection = connections[using]
    pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    sql, fields = _insert_sql(model, connection, instance.pk is not None, skip_conflicts)
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    pk = row[0]
    if instance.pk is None:
        instance.pk = pk
    instance._state.adding = False
    instance._state.db = using
    post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False, using=using)
    return True


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
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
    instance._state.db = using
    post_save.send(sender=model, instance=instance, created=False, update_fields=names, raw=False, using=using)


_LOCKS: dict = {}


def _columns(model, alias: str, quote) -> tuple[list[str], list[str]]:
    fields = model._meta.concrete_fields
    return [f.attname for f in fields], [f"{alias}.{quote(f.column)}" for f in fields]


def lock_row(model, pk, *, related: tuple[str, ...] = ()):
    """`model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)`: the row locked,
    with the rows of its foreign keys `related` (not locked) read in the same statement. Raises
    `model.DoesNotExist` as `get()` does."""
    using = router.db_for_write(model)
    connection = connections[using]
    key = (model, using, related)
    if key not in _LOCKS:
        quote = connection.ops.quote_name
        meta = model._meta
        names, columns = _columns(model, "t0", quote)
        parts = [(model, names, len(columns))]
        converters = [(model, _converters(connection, model), len(columns))]
        joins = []
        for i, name in enumerate(related, start=1):
            field = meta.get_field(name)
            other = field.related_model
            other_names, other_columns = _columns(other, f"t{i}", quote)
            parts.append((field, other_names, len(other_columns)))
            converters.append((field, _converters(connection, other), len(other_columns)))
            columns += other_columns
            joins.append(
                f"LEFT OUTER JOIN {quote(other._meta.db_table)} t{i} "
                f"ON t{i}.{quote(field.target_field.column)} = t0.{quote(field.column)}"
            )
        lock = " FOR UPDATE OF t0" if connection.features.has_select_for_update_of else ""
        sql = (
            f"SELECT {', '.join(columns)} FROM {quote(meta.db_table)} t0 {' '.join(joins)} "  # noqa: S608 - names from the model
            f"WHERE t0.{quote(meta.pk.column)} = %s{lock}"
        )
        _LOCKS[key] = (sql, parts, converters)
    sql, parts, converters = _LOCKS[key]
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(pk, connection)])
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    converted = _convert(connection, converters, row)
    (_, names, _), values = parts[0], converted[0]
    instance = model.from_db(using, names, values)
    for (field, other_names, _), other_values in zip(parts[1:], converted[1:], strict=True):
        other = field.related_model
        pk_index = other_names.index(other._meta.pk.attname)
        related_instance = None if other_values[pk_index] is None else other.from_db(using, other_names, other_values)
        field.set_cached_value(instance, related_instance)
    return instance


def _converters(connection, model) -> list[tuple]:
    """For each column of `model`, what the ORM applies to the value read (`from_db_value`, the backend's
    converters: SQLite dates, UUIDs, booleans)."""
    result = []
    for field in model._meta.concrete_fields:
        expression = field.get_col(model._meta.db_table)
        result.append(
            (expression, connection.ops.get_db_converters(expression) + expression.get_db_converters(connection))
        )
    return result


def _convert(connection, parts, row) -> list[list]:
    result, start = [], 0
    for _, converters, count in parts:
        values = []
        for (expression, functions), value in zip(converters, row[start : start + count], strict=True):
            for function in functions:
                value = function(value, expression, connection)
            values.append(value)
        result.append(values)
        start += count
    return result


def columns_of(model, alias: str, connection) -> str:
    """The model's columns, in the order `instance_from_row` reads them, for a hand-written SELECT."""
    return ", ".join(_columns(model, alias, connection.ops.quote_name)[1])


def instance_from_row(model, connection, row):
    """The instance the ORM would build from the first columns of `row` (`columns_of`)."""
    key = (model, connection.alias)
    if key not in _CONVERTERS:
        _CONVERTERS[key] = [(model, _converters(connection, model), len(model._meta.concrete_fields))]
    parts = _CONVERTERS[key]
    values = _convert(connection, parts, row[: parts[0][2]])[0]
    return model.from_db(connection.alias, [f.attname for f in model._meta.concrete_fields], values)


_CONVERTERS: dict = {}
