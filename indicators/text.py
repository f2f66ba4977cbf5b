"""Text folding for accent-insensitive search ("Khoái Châu" matches "khoai chau")."""

from __future__ import annotations

import unicodedata


def fold_text(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics (đ → d), for search columns and lookups."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…" when cut.

    Never cuts a word in the middle ("…hành chính c" is wrong); a single word longer than
    ``limit`` is kept whole.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text.split(" ", 1)[0]
    return cut.rstrip(" ,;:.-–(") + "…"
