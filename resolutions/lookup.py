"""Finding a committee's congress and resolution by the names people type on the command line."""

from __future__ import annotations

from indicators.text import fold_text
from resolutions.models import Congress, Resolution


class LookupError_(LookupError):
    """No (or more than one) match; the message is Vietnamese."""


def find_congress(committee_name: str, ordinal: int) -> Congress | None:
    """The congress numbered ``ordinal`` of the committee named ``committee_name``.

    Names repeat across a merger ("Đảng bộ tỉnh Hưng Yên" before and after 2025): the congress
    number tells them apart. Matching ignores case and diacritics.
    """
    matches = list(
        Congress.objects.select_related("committee").filter(
            committee__name_folded=fold_text(committee_name), ordinal=ordinal
        )
    )
    if len(matches) > 1:
        raise LookupError_(f"Có nhiều '{committee_name}' cùng đại hội lần thứ {ordinal}; hãy dùng trang quản trị.")
    return matches[0] if matches else None


def find_resolution(committee_name: str, ordinal: int, year: int | None = None) -> Resolution:
    """The congress resolution (or, with ``year``, the annual resolution) of that congress."""
    congress = find_congress(committee_name, ordinal)
    if congress is None:
        raise LookupError_(f"Không tìm thấy {committee_name} với đại hội lần thứ {ordinal}.")
    qs = Resolution.objects.with_context().filter(congress=congress)
    qs = qs.filter(kind="annual", year=year) if year else qs.filter(kind="congress")
    resolution = qs.first()
    if resolution is None:
        what = f"nghị quyết năm {year}" if year else "nghị quyết đại hội"
        raise LookupError_(f"{congress} chưa có {what}.")
    return resolution
