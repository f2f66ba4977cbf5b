"""Text folding for accent-insensitive search ("Khoái Châu" matches "khoai chau")."""

from __future__ import annotations

import unicodedata


def fold_text(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics (đ → d), for search columns and lookups."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
