"""Linking a table row to a catalogue indicator by its wording.

Plain typed functions, no Django, no database. Names are compared after ``normalise``: accents,
case, spacing and punctuation do not matter, common abbreviations are spelled out (NTM, BHYT,
HTTNV…), spelling variants agree (tỉ/tỷ, sĩ/sỹ, 10.000 dân/vạn dân), and words that only frame a
target (đến năm 2025, giai đoạn, giữ vững, giảm còn…) are dropped. What remains is compared as a
weighted set of words and word pairs (rare words weigh more), so close wordings match
("Tỷ trọng lao động nông nghiệp trong tổng lao động xã hội") while a word that changes the
meaning ("Tỷ lệ hộ nghèo *giảm*") keeps two names apart. Below ``THRESHOLD``, or when two
indicators score nearly the same, nothing matches: a missed link is shown for a person to make, a
wrong link would silently judge the target by another indicator's direction.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from indicators.text import fold_text

__all__ = [
    "MARGIN", "THRESHOLD", "CatalogueName", "Match", "Matcher", "first_clause", "is_heading", "normalise",
    "unit_kind",
]

THRESHOLD = 0.85  # weighted similarity (0..1) a wording must reach to be linked
MARGIN = 0.05  # the best indicator must beat the next one by this much
PART_COVERAGE = 0.9  # with a parent's name added, the row's own words the wording must cover
_VARIANT_PENALTY = 0.97  # a reading with a parenthesis dropped or a parent's name added

_ABBREVIATIONS = {
    "ntm": "nong thon moi", "bhyt": "bao hiem y te", "bhxh": "bao hiem xa hoi",
    "bhtn": "bao hiem that nghiep", "htxsnv": "hoan thanh xuat sac nhiem vu",
    "httnv": "hoan thanh tot nhiem vu", "htnv": "hoan thanh nhiem vu",
    "khtnv": "khong hoan thanh nhiem vu", "tccsd": "to chuc co so dang", "kcn": "khu cong nghiep",
    "ccn": "cum cong nghiep", "thcs": "trung hoc co so", "thpt": "trung hoc pho thong",
    "btvtu": "ban thuong vu tinh uy", "btv": "ban thuong vu", "ubnd": "uy ban nhan dan",
    "mttq": "mat tran to quoc", "hlgt": "hanh lang giao thong", "ktxh": "kinh te xa hoi",
    "ctxh": "chinh tri xa hoi", "dv": "dang vien", "hdnd": "hoi dong nhan dan",
}
# Spelling variants of one syllable (after folding): tỉ/tỷ lệ, bác sĩ/sỹ, kĩ/kỹ, lí/lý.
_SPELLING = {"ti": "ty", "si": "sy", "ki": "ky", "li": "ly", "mi": "my", "thuy": "thuy"}
_STOPWORDS = frozenset(
    "va cua cac nhung cho voi theo duoc da la o tai den tu tro len dat chiem tren duoi trong "
    "nam hang muc it nhat toi thieu khoang gan hon ve phan tram binh quan trung".split()
)
# Phrases that frame a target rather than name the indicator (order matters: longest first).
_FRAMING = [
    r"giu vung", r"phan dau", r"duy tri", r"tiep tuc", r"keo giam", r"giam xuong con",
    r"giam xuong", r"giam con", r"xuong con", r"con duoi", r"trong do", r"so voi",
    r"tren dia ban(?: tinh| huyen| xa)?", r"theo gia so sanh(?: \d{4})?", r"gia so sanh(?: \d{4})?",
    r"giai doan(?: \d{4})?(?: \d{4})?", r"nhiem ky(?: \d{4})?(?: \d{4})?", r"den nam \d{4}",
    r"nam \d{4}", r"hang nam", r"moi nam", r"cuoi nam", r"cuoi ky",
    r"(?:nghin |trieu )?ty dong", r"trieu dong", r"trieu usd", r"usd",
]
_FRAMING_RE = re.compile(r"\b(?:" + "|".join(_FRAMING) + r")\b")
# "Giảm tỷ lệ hộ nghèo xuống còn 1,8%" names the rate itself (a level to reach), not its reduction:
# with a level phrase, a leading verb of change is framing too.
_LEVEL_RE = re.compile(r"\b(?:xuong con|giam con|giam xuong|xuong duoi|tang len|nang len)\b")
_LEADING_CHANGE_RE = re.compile(r"^(?:giam|tang|nang|ha)\s+")
_PARENS_RE = re.compile(r"\([^()]*\)")
_PER_10K_RE = re.compile(r"\b(?:10[ .]?000|(?:1|mot) van|van)\s+dan\b")
_AGE_RE = re.compile(r"\b(\d+)\s+(tuoi|sao)\b")
_NUMBER_RE = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
# What a share is taken of ("trong tổng số lao động", "so với tổng số đảng viên", "trong GRDP") is
# worded many ways for the same indicator; a reading without it is compared too.
_DENOMINATOR_RE = re.compile(r"\b(?:trong|so voi|tren) (?:tong|co cau|grdp)\b.*$")
# A bundled name ("Thu nội địa đạt 114,01 tỷ đồng; thu thuế…") is cut at its first clause.
_CLAUSE_RE = re.compile(r"[;:]|\.\s")


@lru_cache(maxsize=8192)
def normalise(text: str, denominator: bool = True) -> str:
    """The comparable form of a name: folded, abbreviations spelled out, framing words dropped.

    >>> normalise("Tỉ lệ xã đạt chuẩn NTM nâng cao (đến năm 2025)")
    'ty le xa chuan nong thon moi nang cao'
    """
    folded = fold_text(text)
    folded = _PER_10K_RE.sub(" van dan ", folded.replace("/", " "))
    folded = _AGE_RE.sub(lambda m: f" {m.group(2)}{m.group(1)} ", folded)
    words = [_SPELLING.get(w, w) for w in _NON_WORD_RE.sub(" ", folded).split()]
    words = " ".join(_ABBREVIATIONS.get(w, w) for w in words).replace("ty trong", "tytrong")  # not "trong"
    if not denominator:
        words = _DENOMINATOR_RE.sub(" ", words)
    if _LEVEL_RE.search(words):
        words = _LEADING_CHANGE_RE.sub("", words)
    words = _FRAMING_RE.sub(" ", words)
    words = _NUMBER_RE.sub(" ", words)
    return " ".join(w for w in words.split() if w not in _STOPWORDS)


def _features(normalised: str) -> frozenset[str]:
    """Words and adjacent word pairs (Vietnamese words are mostly two syllables)."""
    words = normalised.split()
    pairs = [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    return frozenset(words + pairs)


def first_clause(text: str) -> str:
    """The text up to its first ';', ':' or sentence end ("Cơ cấu kinh tế: Nông nghiệp…" → "Cơ cấu kinh tế")."""
    return _CLAUSE_RE.split(text, maxsplit=1)[0].strip()


def _readings(text: str, clause: bool = True) -> list[tuple[str, float, bool]]:
    """The text; without its parentheses; with ``clause``, its first clause; each also without
    what a share is taken of (the variants with a small penalty; the last flag says so). Catalogue
    wordings are not cut at clauses: "Parent: part" aliases name the part."""
    variants = [(text, 1.0)]
    for variant in (_PARENS_RE.sub(" ", text), first_clause(text) if clause else text):
        if variant and variant != text:
            variants.append((variant, _VARIANT_PENALTY))
    out = []
    for variant, weight in variants:
        whole, bare = normalise(variant), normalise(variant, denominator=False)
        out.append((whole, weight, False))
        if bare != whole:
            out.append((bare, weight * _VARIANT_PENALTY, True))
    return [(n, w, cut) for n, w, cut in out if n]


def unit_kind(unit: str) -> str:
    """'rate' (%, ‰), 'money' (đồng, USD), 'other' (counts, ages…), or '' when unknown or ditto."""
    folded = fold_text(unit).strip()
    if not folded or folded in {'"', "“", "”", "''", "nt"}:
        return ""
    if "%" in folded or "‰" in unit or "phan tram" in folded:
        return "rate"
    words = _NON_WORD_RE.sub(" ", folded).split()
    if "dong" in words or "usd" in words:
        return "money"
    return "other"


@dataclass(frozen=True)
class CatalogueName:
    """What the matcher knows of one indicator: its key, wordings and unit."""

    key: str
    names: tuple[str, ...]
    unit: str = ""


@dataclass(frozen=True)
class Match:
    """A row linked to an indicator: the key, the score (0..1) and the catalogue wording matched."""

    key: str
    score: float
    wording: str
    exact: bool = False  # the wording read the same as one of the indicator's wordings

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass(frozen=True)
class _Reading:
    """One normalised wording of an indicator, with its precomputed weight."""

    entry: int
    features: frozenset[str]
    weight: float
    penalty: float
    wording: str
    cut: bool  # read without what the share is taken of: compared only with rows read the same way


class Matcher:
    """Scores wordings against every catalogue name; build once per import (~200 entries, a few ms).

    Wordings sharing no word with the row are never scored (an index by word). ``match`` also
    leaves out the wordings that cannot reach the score that could decide (``THRESHOLD - MARGIN``):
    those whose weight is too far from the row's (each word's wordings are kept sorted by weight),
    and those holding none of the row's rarest words that carry the weight such a score needs. A
    5.000-row table is matched in about a quarter of the time it took to score every wording
    sharing a common word ("tỷ lệ" is in half the catalogue); the links are the same
    (tests/indicators/test_matching.py compares them with the whole ranking).
    """

    def __init__(self, entries: Iterable[CatalogueName]) -> None:
        self._entries = list(entries)
        self._kinds = [unit_kind(e.unit) for e in self._entries]
        texts: list[tuple[int, frozenset[str], float, str, bool]] = []
        df: Counter[str] = Counter()
        for index, entry in enumerate(self._entries):
            seen: set[frozenset[str]] = set()
            for wording in entry.names:
                for normalised, penalty, cut in _readings(wording, clause=False):
                    feats = _features(normalised)
                    if feats not in seen:
                        seen.add(feats)
                        texts.append((index, feats, penalty, wording, cut))
            df.update(set().union(*seen) if seen else set())
        n = max(len(self._entries), 1)
        self._idf = {f: math.log((n + 1) / (c + 1)) + 1 for f, c in df.items()}
        self._unknown = math.log(n + 1) + 1  # a word no indicator uses weighs the most
        self._readings = [_Reading(i, f, self._weight(f), p, w, c) for i, f, p, w, c in texts]
        by_feature: dict[str, list[int]] = {}
        for rid, reading in enumerate(self._readings):
            for feature in reading.features:
                by_feature.setdefault(feature, []).append(rid)
        # Per word: its wordings by weight (then id), with the weights apart for bisecting.
        self._by_feature: dict[str, tuple[list[float], list[int]]] = {}
        for feature, rids in by_feature.items():
            rids.sort(key=lambda rid: (self._readings[rid].weight, rid))
            self._by_feature[feature] = ([self._readings[rid].weight for rid in rids], rids)

    def _feature_weight(self, feature: str) -> float:
        return self._idf.get(feature, self._unknown) * (0.5 if "_" in feature else 1.0)

    def _weight(self, feats: Iterable[str]) -> float:
        return sum(self._feature_weight(f) for f in feats)

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Weighted Dice coefficient of two feature sets (1.0 when equal)."""
        total = self._weight(a) + self._weight(b)
        return 2 * self._weight(a & b) / total if total else 0.0

    def _overlaps(self, feats: frozenset[str], low: float, high: float) -> dict[int, float]:
        """Shared weight of ``feats`` with every reading that shares any feature and weighs from
        ``low`` to ``high`` (the others are left out)."""
        shared: dict[int, float] = {}
        for feature in feats:
            weight = self._feature_weight(feature)
            for rid in self._readings_with(feature, low, high):
                shared[rid] = shared.get(rid, 0.0) + weight
        return shared

    def _readings_with(self, feature: str, low: float, high: float) -> Sequence[int]:
        """The readings holding ``feature`` that weigh from ``low`` to ``high`` (kept sorted by weight)."""
        found = self._by_feature.get(feature)
        if found is None:
            return ()
        weights, rids = found
        start = bisect_left(weights, low) if low > 0 else 0
        end = bisect_right(weights, high) if high < math.inf else len(rids)
        return rids[start:end]

    def _sharing(self, feats: frozenset[str], share: float, low: float = 0.0, high: float = math.inf) -> dict[int, float]:
        """``_overlaps`` for the readings that may share at least ``share`` with ``feats``: exact for
        every reading weighing from ``low`` to ``high`` that shares that much; others may be left out.

        A reading sharing ``share`` lacks at most ``weight - share`` of the row's words, so it holds
        one of any set of words weighing more than that: only the readings of the rarest such words
        are looked at, then scored on all words (a common word like "tỷ lệ" is rarely among them).
        """
        weights = {f: self._feature_weight(f) for f in feats}
        spare = sum(weights.values()) - share * (1 - _EPSILON)
        if share <= 0 or spare < 0:
            return self._overlaps(feats, low, high)
        probe, total = [], 0.0
        for feature in sorted(feats, key=lambda f: (len(self._by_feature.get(f, ((), ()))[1]), f)):
            probe.append(feature)
            total += weights[feature]
            if total > spare:
                break
        else:
            return self._overlaps(feats, low, high)
        shared: dict[int, float] = {}
        for feature in probe:
            for rid in self._readings_with(feature, low, high):
                if rid not in shared:
                    other = self._readings[rid].features
                    # Summed in the order ``_overlaps`` adds them: the same float, so the same ranking.
                    shared[rid] = sum(w for f, w in weights.items() if f in other)
        return shared

    def scores(self, name: str, unit: str = "", context: Sequence[str] = ()) -> list[Match]:
        """Every indicator's best score for ``name`` (read alone, or after an ancestor's name in
        ``context``, nearest first), best first; indicators whose unit cannot fit are left out.

        A reading with an ancestor's name counts only when the indicator's wording covers the
        row's own words (``PART_COVERAGE``): "Nông nghiệp tăng" under "Giá trị sản xuất tăng
        trưởng bình quân" is that growth, but "Xây dựng xã Tân Bình đạt chuẩn Nông thôn mới" is
        not the parent's "xã nông thôn mới nâng cao".
        """
        return self._scores(name, unit, context, 0.0)

    def _scores(self, name: str, unit: str, context: Sequence[str], floor: float) -> list[Match]:
        """``scores``, where an indicator that cannot reach ``floor`` may be left out or scored lower
        than it would be (always below ``floor``); equal scores rank by catalogue order."""
        own = [(_features(n), w, cut) for n, w, cut in _readings(name)]
        if not own:
            return []
        part = own[0][0]
        part_weight = self._weight(part)
        needed = PART_COVERAGE * part_weight
        # Only a wording weighing at least ``needed`` can share that much with the part.
        part_shared = self._sharing(part, needed, low=needed * (1 - _EPSILON))
        queries: list[tuple[frozenset[str], float, bool, bool]] = [(f, w, cut, False) for f, w, cut in own]
        # A reading with an ancestor's name needs a wording that covers the row's own words: when
        # none does, those readings cannot count and are not made.
        covered = any(shared >= needed for shared in part_shared.values())
        for ancestor in context if covered else ():
            for head in dict.fromkeys((ancestor, first_clause(ancestor))):
                for n, w, cut in _readings(f"{head}: {name}"):
                    queries.append((_features(n), w * _VARIANT_PENALTY, cut, True))
        kind = unit_kind(unit)
        # entry → (score, similarity, reading, (query, reading id)): the first query, then the lowest id, wins a tie
        best: dict[int, tuple[float, float, _Reading, tuple[int, int]]] = {}
        for index, (feats, penalty, cut, with_ancestor) in enumerate(queries):
            weight = self._weight(feats)
            needed_similarity = floor / penalty
            low, high = _window(weight, needed_similarity)
            if low > high:
                continue  # no wording can bring this reading up to ``floor``
            # 2·shared / (w + w') ≥ s with w' ≥ low needs shared ≥ w·s / (2 − s), which is ``low``.
            for rid, shared in self._sharing(feats, low if needed_similarity > 0 else 0.0, low, high).items():
                reading = self._readings[rid]
                if reading.cut and not cut:
                    continue
                if with_ancestor and part_shared.get(rid, 0.0) < needed:
                    continue
                other = self._kinds[reading.entry]
                if kind and other and kind != other:
                    continue
                similarity = 2 * shared / (weight + reading.weight)
                score = similarity * penalty * reading.penalty
                top = best.get(reading.entry)
                if top is None or score > top[0] or (score == top[0] and (index, rid) < top[3]):
                    best[reading.entry] = (score, similarity, reading, (index, rid))
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        return [Match(self._entries[e].key, score, reading.wording, exact=similarity >= 1.0 - 1e-9)
                for e, (score, similarity, reading, _order) in ranked]

    def match(
        self, name: str, unit: str = "", context: Sequence[str] = (), exclude: Iterable[str] = ()
    ) -> Match | None:
        """The indicator ``name`` denotes, or None.

        None below ``THRESHOLD``; when two indicators score within ``MARGIN`` (unless the wording
        is exactly one indicator's name or alias); and when the best is in ``exclude`` (an
        ancestor's indicator: a part is never the same indicator as the whole it belongs to).
        Indicators scoring below ``THRESHOLD - MARGIN`` can decide neither, so they are not scored.
        """
        ranked = self._scores(name, unit, context, THRESHOLD - MARGIN - _EPSILON)
        if not ranked or ranked[0].score < THRESHOLD or ranked[0].key in set(exclude):
            return None
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < MARGIN:
            if not ranked[0].exact or ranked[1].exact:
                return None
        return ranked[0]


_EPSILON = 1e-9  # floating-point slack: a bound never leaves out a wording that reaches it


def _window(weight: float, similarity: float) -> tuple[float, float]:
    """The weights a wording may have for its similarity with a reading of ``weight`` to reach
    ``similarity``: 2·shared / (w + w') ≤ 2·min(w, w') / (w + w'), so w' from w·s/(2 − s) to
    w·(2 − s)/s. Empty (low > high) when ``similarity`` is above 1; everything when it is 0."""
    if similarity <= 0:
        return 0.0, math.inf
    if similarity > 1 + _EPSILON:
        return 1.0, 0.0
    s = min(similarity, 1.0)
    return weight * s / (2 - s) * (1 - _EPSILON), weight * (2 - s) / s * (1 + _EPSILON)


def is_heading(has_children: bool, target_text: str) -> bool:
    """A row that only heads its parts ("Cơ cấu kinh tế", "Tỷ lệ bao phủ bảo hiểm") and has no
    target of its own is never linked: its verdict comes from its parts, and its wording often
    names one part ("Kim ngạch xuất khẩu") or several at once."""
    return has_children and not target_text.strip()
