"""What every admin here builds on: committee-scoped bases, accent-insensitive search, years as text."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from indicators.text import fold_text
from resolutions import access
from resolutions.admin.filters import scoped_list_filter
from resolutions.models import Committee


def year_column(field_name: str, label: str) -> Any:
    """An admin column or read-only field showing a year as written ("2025"), never grouped.

    With USE_THOUSAND_SEPARATOR the admin formats integer fields as numbers ("2.025").
    """

    @admin.display(description=label, ordering=field_name)
    def show(self: Any, obj: Any) -> str:
        value = getattr(obj, field_name)
        return "" if value is None else str(value)

    return show


class YearListFilter(admin.AllValuesFieldListFilter):
    """The admin's "by value" filter for a year column, its choices written as text ("2025")."""

    def choices(self, changelist: Any) -> Any:
        for choice in super().choices(changelist):
            display = choice.get("display")
            if isinstance(display, int) and not isinstance(display, bool):
                choice = {**choice, "display": str(display)}
            yield choice


class FoldedSearchMixin:
    """Accent-insensitive search over a folded column ("khoai chau" finds "Khoái Châu")."""

    folded_search_field = ""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        queryset, use_distinct = super().get_search_results(request, queryset, search_term)  # type: ignore[misc]
        if search_term and self.folded_search_field:
            folded = queryset.model.objects.filter(
                **{f"{self.folded_search_field}__icontains": fold_text(search_term)}
            )
            queryset = queryset | self.get_queryset(request).filter(pk__in=folded.values("pk"))  # type: ignore[attr-defined]
        return queryset, use_distinct


class ScopedAdmin(admin.ModelAdmin):
    """Restricts lists, objects and foreign-key choices to the user's committees."""

    committee_path = ""  # lookup from this model to Committee

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return access.scope(super().get_queryset(request), request.user, self.committee_path, "view")

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        # Filter sidebars list only the committees, congresses and resolutions the user may see.
        return scoped_list_filter(self.model, super().get_list_filter(request))

    def _editable(self, request: HttpRequest, obj: Any) -> bool:
        qs = access.scope(type(obj).objects.filter(pk=obj.pk), request.user, self.committee_path, "edit")
        return qs.exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        """Bulk delete ("delete selected") only of rows the user may edit; anything else refuses all."""
        allowed = access.scope(queryset, request.user, self.committee_path, "edit")
        if allowed.count() != queryset.count() or not all(self.has_delete_permission(request, o) for o in queryset):
            raise PermissionDenied
        # One by one, so the audit trail records each deletion with its user.
        for obj in queryset:
            self.delete_model(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Choices: what the user may edit; a committee's parent or successor (the committee above,
        # or the one it merged into) only needs to be visible.
        related = db_field.related_model
        if related in access.COMMITTEE_PATHS:
            free = self.model is Committee and db_field.name in {"successor", "parent"}
            kwargs["queryset"] = access.scoped(related, request.user, "view" if free else "edit")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Simple-history pages restricted like the rest: others' history is 404, and no revert.

    simple-history's own views load the object (or its last historical record) without the
    admin's queryset, and its revert form saves outside the services; both are closed here.
    """

    def _visible(self, request: HttpRequest, object_id: str) -> None:
        if access.is_admin(request.user):
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        self._visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._visible(request, object_id)
        if request.method == "POST":
            # Reverting would write past the version check and the lock; enter the figure again instead.
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True
