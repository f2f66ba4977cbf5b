"""Prefetched related rows: handed to their parents (``attach``) and read back (``prefetched``).

Loaders that read a whole resolution's results or adjustments in one bare query (``verdicts.load_targets``,
``in_force.attach_adjustments``) give each target its rows this way, so ``target.results.all()`` reads
them without a query. Django's own prefetch builds and filters one queryset per target, which costs
more than judging the targets.

``prefetched`` reads them without building a related manager: ``target.results.all()`` makes a new
manager at every access (a few microseconds), some 10.000 of them when a 5.000-row table is judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.sql import Query


def attach(parents: Iterable[Model], name: str, model: type[Model], rows: Mapping[Any, Sequence[Model]]) -> None:
    """Set ``parent.<name>.all()`` of every parent to ``rows[parent.pk]`` (none when missing).

    The cached querysets share one empty query: each is already evaluated, so ``.all()``, iterating
    and ``len`` never run it. Building one query per parent was most of the cost of attaching 5.000
    targets' rows. The price: ``parent.<name>.filter(...)`` on such a parent clones that empty query,
    which is NOT limited to the parent (it would read every parent's rows); filter the cached rows
    in Python instead (``prefetched``), or fetch the parent again.
    """
    query = Query(model)
    for parent in parents:
        cached: QuerySet[Any] = QuerySet(model=model, query=query)
        cached._result_cache = list(rows.get(parent.pk, ()))
        cached._prefetch_done = True
        parent.__dict__.setdefault("_prefetched_objects_cache", {})[name] = cached


def prefetched(instance: Model, name: str) -> Iterable[Any]:
    """The rows of ``instance``'s related set ``name`` as prefetched, else ``getattr(instance, name).all()``
    (which queries). Iterate it; do not change it."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is not None:
        found = cache.get(name)
        if found is not None:
            return found
    return getattr(instance, name).all()
