"""Model instances for a whole table, built at a fraction of what Django's row-by-row loading costs.

An appendix export loads some 15.000 rows (targets, their figures). Django makes each through
``Model.__init__``, which sets every field through its descriptor and sends two signals: a third of
the table's loading. Here an instance is made the way Django unpickles one: the class's ``__new__``
and the field values put in place, with its state saying it came from the database. The instances
are ordinary ones (fields, properties, ``pk``, ``save``); a column left out is read on first access
with a query, as for a deferred field. Should someone connect to ``pre_init`` or ``post_init`` for
these models, Django's own loading is used instead, so that no receiver is skipped.

A foreign key followed (``related``) comes from the same query, as with ``select_related``, but each
distinct related row is made once and shared (``select_related`` makes one per row: a section per
target).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, TypeVar

from django.db import models
from django.db.models import signals
from django.db.models.base import ModelState

__all__ = ["instances"]

M = TypeVar("M", bound=models.Model)


def _columns(model: type[models.Model], skip: Collection[str] = ()) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in skip and f.attname not in skip]


def _has_init_receivers(*model_classes: type[models.Model]) -> bool:
    return any(signals.pre_init.has_listeners(m) or signals.post_init.has_listeners(m) for m in model_classes)


def instances(queryset: models.QuerySet[M], *, related: Sequence[str] = (), skip: Collection[str] = ()) -> list[M]:
    """The rows of ``queryset`` as instances of its model, with the instance of each foreign key in
    ``related`` attached (None where it is empty); one query.

    ``skip`` names columns of the model not read (read later on first access, one query each).
    The queryset's filters and order are kept; its own ``select_related``, ``only`` or ``defer`` are not.
    """
    model = queryset.model
    fields = [model._meta.get_field(name) for name in related]
    targets = [field.related_model for field in fields]
    if _has_init_receivers(model, *targets):
        return list(queryset.select_related(*related).defer(*skip))
    own = _columns(model, skip)
    joined = [_columns(other) for other in targets]
    names = own + [f"{field.name}__{column}" for field, columns in zip(fields, joined, strict=True) for column in columns]
    db = queryset.db
    new = model.__new__
    made: list[dict[Any, models.Model]] = [{} for _ in fields]
    out: list[M] = []
    width = len(own)
    for row in queryset.values_list(*names):
        obj = new(model)
        values = obj.__dict__
        values.update(zip(own, row, strict=False))  # the row goes on with the joined columns
        values["_state"] = _state(db)
        start = width
        for field, columns, cache in zip(fields, joined, made, strict=True):
            end = start + len(columns)
            key = values[field.attname]
            other = None
            if key is not None:
                other = cache.get(key)
                if other is None:
                    other = cache[key] = _instance(field.related_model, columns, row[start:end], db)
            field.set_cached_value(obj, other)
            start = end
        out.append(obj)
    return out


def _state(db: str) -> ModelState:
    state = ModelState()
    state.db = db
    state.adding = False
    return state


def _instance(model: type[M], columns: list[str], values: Sequence[Any], db: str) -> M:
    obj = model.__new__(model)
    obj.__dict__.update(zip(columns, values, strict=True))
    obj.__dict__["_state"] = _state(db)
    return obj
