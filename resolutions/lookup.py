"""Finding a committee's congress and resolution by the names people type (commands, imports).

Names repeat across a merger ("Đảng bộ tỉnh Hưng Yên" before and after 2025): the congress number
tells them apart. Matching ignores case, diacritics and stray spaces.
"""

from __future__ import annotations

import unicodedata

from indicators.text import fold_text, visible
from resolutions.models import Committee, Resolution, to_roman


class LookupError_(LookupError):
    """More than one (or, for ``find_resolution``, no) match; the message is Vietnamese."""


def normalise_name(text: str) -> str:
    """NFC with single spaces (names copied from Word carry NBSP and decomposed accents)."""
    text = unicodedata.normalize("NFC", visible(text)).replace("\u00a0", " ")
    return " ".join(text.split())


def find_committee(name: str, ordinal: int) -> Committee | None:
    """The committee called ``name`` that has congress ``ordinal``.

    With no such congress yet: the only committee of that name, or the only active one; ``None``
    when no committee has that name. Raises ``LookupError_`` when several fit equally.
    """
    wanted = normalise_name(name).casefold()
    candidates = [
        c for c in Committee.objects.filter(name_folded=fold_text(name)).prefetch_related("congresses")
        if normalise_name(c.name).casefold() == wanted
    ]
    with_congress = [c for c in candidates if any(g.ordinal == ordinal for g in c.congresses.all())]
    if len(with_congress) == 1:
        return with_congress[0]
    if len(with_congress) > 1:
        keys = ", ".join(c.key for c in with_congress)
        raise LookupError_(f"Có nhiều đảng bộ tên '{name}' cùng có đại hội lần thứ {to_roman(ordinal)} ({keys}).")
    if len(candidates) == 1:
        return candidates[0]
    active = [c for c in candidates if c.active_to is None]
    if len(active) == 1:
        return active[0]
    if candidates:
        keys = ", ".join(c.key for c in candidates)
        raise LookupError_(f"Có nhiều đảng bộ tên '{name}' ({keys}); không rõ chọn đảng bộ nào.")
    return None


def find_resolution(committee_name: str, ordinal: int, year: int | None = None) -> Resolution:
    """The congress resolution (or, with ``year``, the annual resolution) of that congress."""
    committee = find_committee(committee_name, ordinal)
    if committee is None:
        raise LookupError_(f"Không có đảng bộ tên '{committee_name}'.")
    qs = Resolution.objects.with_context().filter(congress__committee=committee, congress__ordinal=ordinal)
    qs = qs.filter(kind="annual", year=year) if year else qs.filter(kind="congress")
    resolution = qs.first()
    if resolution is None:
        what = f"nghị quyết năm {year}" if year else "nghị quyết đại hội"
        raise LookupError_(f"{committee.name} không có {what} của đại hội lần thứ {to_roman(ordinal)}.")
    return resolution
