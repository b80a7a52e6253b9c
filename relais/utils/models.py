"""Writing a model row from input already parsed, the same way in every domain service."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def validated_save(instance: M, data: Mapping[str, Any]) -> M:
    """`data` set on `instance`, checked by the model's own rules (`full_clean`: its French messages), saved.

    Many-to-many values are set once the row exists. Call it inside the service's transaction.
    """
    many = {field.name for field in instance._meta.many_to_many}
    for name, value in data.items():
        if name not in many:
            setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name in many & data.keys():
        getattr(instance, name).set(data[name])
    return instance
