"""A model instance's prefetched related rows, read without building a related manager.

``target.results.all()`` makes a new related manager at every access (a few microseconds); judging a
5.000-row table read each target's results and adjustments that way, some 10.000 managers. The
loaders (``prefetch_related``, ``verdicts.load_targets``, ``reports.excel.table.load_targets``) leave
the rows in ``_prefetched_objects_cache``, where this reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

__all__ = ["prefetched"]


def prefetched(instance: models.Model, name: str) -> Iterable[Any]:
    """The rows of ``instance``'s related set ``name`` as prefetched, else ``getattr(instance, name).all()``
    (which queries). Iterate it; do not change it."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is not None:
        found = cache.get(name)
        if found is not None:
            return found
    return getattr(instance, name).all()
