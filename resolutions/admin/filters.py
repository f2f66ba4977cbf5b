"""Admin list filters that offer only what the user may see.

Django's own filters list every row of the related model (every committee's name in a district
official's sidebar); these list ``access.scoped`` rows instead. ``scoped_list_filter`` swaps them in
for every filter that reaches a committee-owned model, so a filter added later is scoped too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, reverse_field_path
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from resolutions import access

# What str() of each model reads, loaded with it (a filter lists hundreds of rows).
_RELATED_FOR_STR: dict[type[Model], list[str]] = {
    access.Congress: ["committee"],
    access.Membership: ["committee", "user"],
    access.Target: [],
    access.Submission: ["resolution"],
}


def _scoped_rows(model: type[Model], request: HttpRequest) -> QuerySet:
    return access.scoped(model, request.user).select_related(*_RELATED_FOR_STR.get(model, []))


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A foreign-key filter whose choices are the related rows the user may see."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list[tuple[Any, str]]:
        ordering = self.field_admin_ordering(field, request, model_admin)
        rows = _scoped_rows(field.related_model, request)
        if ordering:
            rows = rows.order_by(*ordering)
        return [(row.pk, str(row)) for row in rows]


class ScopedValuesFilter(admin.AllValuesFieldListFilter):
    """A filter on a field of a related model ("section__title"): values of the rows the user may see."""

    def __init__(self, field: Any, request: HttpRequest, params: Any, model: Any, model_admin: Any,
                 field_path: str) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        parent_model, _reverse = reverse_field_path(model, field_path)
        if parent_model is not model and parent_model in access.COMMITTEE_PATHS:
            self.lookup_choices = (
                _scoped_rows(parent_model, request).distinct().order_by(field.name)
                .values_list(field.name, flat=True)
            )


def scoped_list_filter(model: type[Model], items: Sequence[Any]) -> list[Any]:
    """``items`` (a ModelAdmin's list_filter) with every filter that reaches a committee-owned model scoped."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            fields = get_fields_from_path(model, item)
            last = fields[-1]
            if last.is_relation and last.related_model in access.COMMITTEE_PATHS:
                item = (item, ScopedRelatedFilter)
            elif len(fields) > 1 and not last.is_relation and last.model in access.COMMITTEE_PATHS:
                item = (item, ScopedValuesFilter)
        out.append(item)
    return out
