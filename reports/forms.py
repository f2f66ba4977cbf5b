"""Dashboard filters, validated by forms: a bad query string never reaches a query or a verdict."""

from __future__ import annotations

from typing import Any

from django import forms

from indicators.statuses import Status
from resolutions.models import Resolution, Result

TERM = "term"


def period_choices(resolution: Resolution) -> list[tuple[str, str]]:
    """"Cả nhiệm kỳ" (congress resolutions) then each year, as the entry periods go."""
    choices = []
    for period, year in resolution.periods():
        if period == Result.Period.TERM:
            choices.insert(0, (TERM, f"Cả nhiệm kỳ {resolution.congress.term}"))
        else:
            choices.append((str(year), f"Năm {year}"))
    return choices


def parse_period(value: str) -> tuple[str, int | None]:
    """A validated period value ("term" or a year) as (Result.Period, year)."""
    if value == TERM:
        return Result.Period.TERM, None
    return Result.Period.YEAR, int(value)


def period_value(period: str, year: int | None) -> str:
    """The form value of a period."""
    return TERM if period == Result.Period.TERM else str(year)


class PeriodForm(forms.Form):
    """The period of a resolution's page: the whole term or one year."""

    period = forms.ChoiceField(label="Kỳ đánh giá", required=False)

    def __init__(self, *args: Any, resolution: Resolution, default: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(resolution)
        self.fields["period"].initial = default
        self.default = default

    def chosen_period(self) -> tuple[str, int | None]:
        """The chosen period; the default when the form is empty or invalid."""
        value = self.cleaned_data.get("period") if self.is_valid() else None
        return parse_period(value or self.default)


class ScoreboardForm(PeriodForm):
    """Scoreboard filters: period, section, status."""

    section = forms.TypedChoiceField(label="Nhóm chỉ tiêu", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Đánh giá", required=False,
        choices=[("", "Tất cả")] + [(s.value, s.label) for s in Status],
    )

    def __init__(self, *args: Any, sections: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].label = "Kỳ đánh giá"
        self.fields["section"].choices = [("", "Tất cả các nhóm")] + sections

    def chosen_section(self) -> int | None:
        return self.cleaned_data.get("section") if self.is_valid() else None

    def chosen_status(self) -> Status | None:
        value = self.cleaned_data.get("status") if self.is_valid() else None
        return Status(value) if value else None


class OverviewForm(forms.Form):
    """Committee overview filters: the congress term, then the whole term or one year of it."""

    term = forms.TypedChoiceField(label="Nhiệm kỳ", required=False, coerce=int, empty_value=None)
    period = forms.ChoiceField(label="Kỳ đánh giá", required=False)

    def __init__(self, *args: Any, terms: list[tuple[int, int, bool]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms = terms
        self.fields["term"].choices = [(s, f"{s} - {e}") for s, e, _has in terms]
        periods = [(TERM, "Cả nhiệm kỳ")]
        years = sorted({y for s, e, _has in terms for y in range(s + 1, e + 1)})
        periods += [(str(y), f"Năm {y}") for y in years]
        self.fields["period"].choices = periods
        # Unbound, the selects show what the page actually shows.
        default = self._default_term()
        self.fields["term"].initial = default[0] if default else None
        self.fields["period"].initial = TERM

    def _default_term(self) -> tuple[int, int] | None:
        """The newest term that has results, else the newest term."""
        with_results = [(s, e) for s, e, has in self.terms if has]
        if with_results:
            return with_results[0]
        return (self.terms[0][0], self.terms[0][1]) if self.terms else None

    def chosen_term(self) -> tuple[int, int] | None:
        """The chosen term; by default the newest term that has results, else the newest."""
        chosen = self.cleaned_data.get("term") if self.is_valid() else None
        for s, e, _has in self.terms:
            if s == chosen:
                return s, e
        return self._default_term()

    def chosen_period(self) -> tuple[str, int | None]:
        """The whole term by default; a year outside the chosen term falls back to the term."""
        value = (self.cleaned_data.get("period") if self.is_valid() else None) or TERM
        period, year = parse_period(value)
        term = self.chosen_term()
        if year is not None and term is not None and not (term[0] < year <= term[1]):
            return Result.Period.TERM, None
        return period, year


class CommitteeForm(forms.Form):
    """The committee a home page is about (``?dang_bo=<id>``); whether the user may see it is checked apart."""

    dang_bo = forms.IntegerField(required=False, min_value=1)

    def chosen(self) -> int | None:
        """The chosen committee's id; None when absent or malformed (the user's own level)."""
        return self.cleaned_data.get("dang_bo") if self.is_valid() else None
