"""Saving a row that a service has just locked or created, with its change-history entry (django-auditlog).

auditlog's own receiver reads the row again before each save to know what changed. Under the service's
row lock that read returns the row the service already holds, so the entry is written from a copy taken
right after the lock: the same entry (same diff, masks, actor, label), one query fewer per change.

The entry itself is what `LogEntry.objects.log_create` builds (content type, label, serialised data,
additional data, correlation id; the actor set by `pre_save`), inserted with a statement built once
(`relais.utils.rows`) rather than compiled again for every change."""

import copy

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog
from auditlog.diff import get_field_value, get_mask_function, is_primitive, model_instance_diff, track_field
from auditlog.models import DEFAULT_OBJECT_REPR, LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.utils.encoding import smart_str

from relais.utils.rows import insert_row, update_row

_CREATION: dict = {}


def _creation_fields(model, use_json: bool) -> list[tuple]:
    """The fields `model_instance_diff(None, instance)` compares, in its order, each with the value it gives a
    row that did not exist (a constant: what auditlog reads from None) and its mask function (None: not
    masked). Worked out once per model rather than at every row created."""
    key = (model, use_json)
    if key not in _CREATION:
        fields = {f for f in model._meta.get_fields() if track_field(f)}  # get_fields_in_model, from the class
        model_fields = auditlog.get_model_fields(model)
        if model_fields and (model_fields["include_fields"] or model_fields["exclude_fields"]) and fields:
            if model_fields["include_fields"]:
                fields = [f for f in fields if f.name in model_fields["include_fields"]]
            if model_fields["exclude_fields"]:
                fields = [f for f in fields if f.name not in model_fields["exclude_fields"]]
        masked = model_fields["mask_fields"] if model_fields else ()
        _CREATION[key] = [
            (
                field,
                get_field_value(None, field, use_json),
                get_mask_function(model_fields.get("mask_callable")) if field.name in masked else None,
            )
            for field in fields
        ]
    return _CREATION[key]


def creation_diff(instance) -> dict | None:
    """`model_instance_diff(None, instance, use_json_for_changes=…)`, the changes of a creation, without
    asking auditlog again for every field what a missing row holds (tests/utils/test_auditing.py)."""
    use_json = settings.AUDITLOG_STORE_JSON_CHANGES
    diff = {}
    for field, old, mask in _creation_fields(type(instance), use_json):
        new = get_field_value(instance, field, use_json)
        if old == new:
            continue
        if mask is not None:
            diff[field.name] = (mask(smart_str(old)), mask(smart_str(new)))
        elif not use_json:
            diff[field.name] = (smart_str(old), smart_str(new))
        else:
            diff[field.name] = (
                old if is_primitive(old) else smart_str(old),
                new if is_primitive(new) else smart_str(new),
            )
    return diff or None


def locked_copy(instance):
    """The row as locked, before the service changes it: what auditlog would read again."""
    return copy.copy(instance)


def _log(instance, *, action: int, changes) -> None:
    """The entry `LogEntry.objects.log_create(instance, action=…, changes=…)` writes."""
    pk = instance.pk
    try:
        label = smart_str(instance)
    except ObjectDoesNotExist:
        label = DEFAULT_OBJECT_REPR
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(instance),
        object_pk=pk,
        object_repr=label,
        serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
        action=action,
        changes=changes,
        cid=get_cid(),
    )
    if isinstance(pk, int):
        entry.object_id = pk
    get_additional_data = getattr(instance, "get_additional_data", None)
    if callable(get_additional_data):
        entry.additional_data = get_additional_data()
    insert_row(entry)


def save_logged(instance, *, before, update_fields: list[str]) -> None:
    """Save `update_fields` of `instance` and log the change from `before` (`locked_copy`)."""
    changes = model_instance_diff(
        before, instance, fields_to_check=update_fields, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
    )
    if changes:
        _log(instance, action=LogEntry.Action.UPDATE, changes=changes)
    with disable_auditlog():
        update_row(instance, update_fields)


def insert_logged(instance, *, skip_conflicts: bool = False) -> bool:
    """Insert `instance` (a new row) and log its creation: the entry auditlog's receiver writes. With
    `skip_conflicts`, a row a unique index refuses is neither inserted nor logged (False)."""
    with disable_auditlog():
        if not insert_row(instance, skip_conflicts=skip_conflicts):
            return False
    changes = creation_diff(instance)
    if changes:
        _log(instance, action=LogEntry.Action.CREATE, changes=changes)
    return True
