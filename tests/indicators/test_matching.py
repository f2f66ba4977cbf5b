"""Linking rows to catalogue indicators by their wording (indicators.matching); no database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from indicators.catalogue import read_catalogue
from indicators.matching import MARGIN, THRESHOLD, CatalogueName, Match, Matcher, is_heading, normalise, unit_kind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "resolutions"


def _catalogue_names() -> list[CatalogueName]:
    names = [CatalogueName(e.key, (e.name, *e.aliases), e.unit) for e in read_catalogue()]
    # Local indicators the seed files add, as they are in the database after loading the seeds.
    for path in sorted(FIXTURES.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("indicators") or []:
            names.append(CatalogueName(entry["key"], (entry["name"], *(entry.get("aliases") or [])), entry["unit"]))
    return names


MATCHER = Matcher(_catalogue_names())


def key(name: str, unit: str = "", context: tuple[str, ...] = ()) -> str | None:
    found = MATCHER.match(name, unit, context)
    return found.key if found else None


def test_the_issues_examples_match_their_indicators() -> None:
    assert key("Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)", "%") == "poverty-rate"
    assert key("Tỷ trọng lao động nông nghiệp trong tổng lao động xã hội", "%") == "agri-labour-share"
    assert key("Tỷ trọng lao động nông nghiệp trong tổng số lao động xã hội", "%") == "agri-labour-share"


def test_the_issues_examples_match_by_close_wording_not_only_by_alias() -> None:
    """Without those exact wordings in the catalogue, the close ones still decide."""
    issue = {"Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)", "Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều",
             "Tỷ trọng lao động nông nghiệp trong tổng lao động xã hội",
             "Tỷ trọng lao động nông nghiệp trong tổng lao động toàn xã hội", "Tỷ trọng lao động nông nghiệp"}
    matcher = Matcher(CatalogueName(n.key, tuple(w for w in n.names if w not in issue), n.unit)
                      for n in _catalogue_names())
    poverty = matcher.match("Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)", "%")
    assert poverty is not None and (poverty.key, poverty.wording) == ("poverty-rate", "Tỷ lệ hộ nghèo")
    labour = matcher.match("Tỷ trọng lao động nông nghiệp trong tổng lao động xã hội", "%")
    assert labour is not None and (labour.key, labour.wording) == (
        "agri-labour-share", "Tỷ trọng lao động nông nghiệp trong tổng số lao động")


@pytest.mark.parametrize("wording", [
    "Tỷ lệ hộ nghèo", "TỶ LỆ HỘ NGHÈO", "Ty le ho ngheo", "tỷ  lệ   hộ nghèo.", "Tỉ lệ hộ nghèo",
    "- Tỷ lệ hộ nghèo;", "Tỷ lệ hộ nghèo đến năm 2025", "Tỷ lệ hộ nghèo cuối năm 2025",
    "Tỷ lệ hộ nghèo giảm còn 1,6%", "Tỷ lệ hộ nghèo theo tiêu chí nghèo đa chiều giai đoạn 2022 - 2025",
])
def test_accents_case_spacing_punctuation_and_framing_words_do_not_matter(wording: str) -> None:
    assert key(wording, "%") == "poverty-rate"


@pytest.mark.parametrize(("wording", "unit", "expected"), [
    ("Tỷ lệ bao phủ BHYT", "%", "health-insurance-coverage"),
    ("Tỷ lệ người dân tham gia bảo hiểm y tế", "%", "health-insurance-coverage"),
    ("Số bác sỹ/vạn dân", "bác sỹ", "doctors-per-10k"),
    ("Số bác sĩ trên 10.000 dân", "", "doctors-per-10k"),
    ("Số giường bệnh/1 vạn dân", "giường", "hospital-beds-per-10k"),
    ("Tỷ lệ xã đạt chuẩn NTM kiểu mẫu", "%", "new-rural-model-communes"),
    ("Số xã đạt chuẩn NTM nâng cao", "xã", "new-rural-advanced-communes-count"),
    ("Tỷ lệ TCCSĐ hoàn thành tốt nhiệm vụ trở lên", "%", "party-orgs-good-rating"),
    ("Tỷ lệ tổ chức cơ sở đảng đạt HTXSNV", "%", "party-orgs-excellent-rating"),
    ("Tỷ lệ đảng viên HTTNV trở lên", "%", "party-members-good-rating"),
    ("Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể nhẹ cân", "%", "child-malnutrition-rate"),
    ("Tỷ lệ suy dinh dưỡng thể thấp còi trẻ em dưới 5 tuổi", "%", "child-stunting-rate"),
    ("Tỷ lệ tử vong trẻ em dưới 1 tuổi", "‰", "infant-mortality-rate"),
    ("Tỷ lệ tử vong trẻ em dưới 5 tuổi", "‰", "under-five-mortality-rate"),
    ("Tốc độ tăng trưởng kinh tế (GRDP) bình quân hằng năm", "%", "grdp-growth"),
    ("GRDP bình quân đầu người (giá hiện hành) đến năm 2030", "triệu đồng", "grdp-per-capita"),
    ("Tổng vốn đầu tư toàn xã hội 5 năm", "tỷ đồng", "total-investment"),
    ("Tỷ trọng kinh tế số trong GRDP đến năm 2030", "%", "digital-economy-share"),
    ("Thu hút vốn đầu tư trực tiếp nước ngoài (FDI)", "triệu USD", "fdi-attracted"),
    ("Tổng lượt khách du lịch", "lượt", "tourist-arrivals"),
    ("Chỉ số sản xuất công nghiệp (IIP) tăng bình quân", "%", "industrial-production-index-growth"),
    ("Tỷ lệ thất nghiệp khu vực thành thị", "%", "urban-unemployment-rate"),
    ("Tỷ lệ hộ dân nông thôn sử dụng nước sạch theo quy chuẩn", "%", "clean-water-rural-household-rate"),
    ("Tỷ lệ kết nạp đảng viên mới so với tổng số đảng viên", "%", "new-party-members-rate"),
    ("Tỷ trọng công nghiệp, xây dựng trong GRDP", "%", "economic-structure-industry"),
    ("Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt tiêu chuẩn", "%",
     "urban-solid-waste-treatment-rate"),
])
def test_aliases_abbreviations_and_close_wordings_match(wording: str, unit: str, expected: str) -> None:
    assert key(wording, unit) == expected


@pytest.mark.parametrize(("wording", "expected"), [
    ("Tỷ lệ hộ nghèo giảm", "poverty-rate-reduction"),  # the reduction, better when higher
    ("Tỷ lệ giảm hộ nghèo", "poverty-rate-reduction"),
    ("Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm", "poverty-rate-reduction"),
    ("Số hộ nghèo giảm so với năm 2020", "poor-households-reduction"),
    ("Số hộ thoát nghèo", "households-escaping-poverty"),
    # "Giảm … xuống còn 1,8%" names the rate to reach, better when lower.
    ("Giảm tỷ lệ hộ nghèo xuống còn", "poverty-rate"),
    ("Giảm tỷ lệ hộ nghèo xuống còn dưới 1,5%", "poverty-rate"),
])
def test_a_word_that_changes_the_meaning_keeps_two_indicators_apart(wording: str, expected: str) -> None:
    assert key(wording) == expected


@pytest.mark.parametrize("wording", [
    "Tỷ lệ hộ có nhà ở kiên cố", "Tỷ lệ xã có nhà văn hóa", "Số vụ án ma túy được phát hiện",
    "Tỷ lệ người cao tuổi được chăm sóc sức khỏe", "Đảng bộ huyện hằng năm được xếp loại chất lượng HTTNV trở lên",
    "Tỷ lệ chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", "Tỷ lệ đoàn viên thanh niên được kết nạp đảng",
    "Tỷ lệ hộ sử dụng điện lưới quốc gia", "Diện tích lúa", "Tỷ lệ hộ nghèo là người dân tộc thiểu số",
    "Tỷ lệ lao động nữ qua đào tạo", "Số xã đạt chuẩn quốc gia về giáo dục", "Tỷ lệ trường mầm non tư thục",
    "Thu nhập bình quân của lao động nông nghiệp", "Tỷ lệ xã có chợ đạt chuẩn",
])
def test_indicators_the_catalogue_does_not_have_match_nothing(wording: str) -> None:
    assert key(wording, "%") is None


def test_below_the_threshold_nothing_matches_even_the_best_candidate() -> None:
    ranked = MATCHER.scores("Tỷ lệ hộ nghèo là người dân tộc thiểu số", "%")
    assert ranked[0].key == "poverty-rate" and ranked[0].score < THRESHOLD
    assert MATCHER.match("Tỷ lệ hộ nghèo là người dân tộc thiểu số", "%") is None


def test_two_indicators_scoring_nearly_the_same_link_neither() -> None:
    matcher = Matcher([CatalogueName("urban", ("Tỷ lệ hộ gia đình đô thị sử dụng nước sạch",), "%"),
                       CatalogueName("rural", ("Tỷ lệ hộ gia đình nông thôn sử dụng nước sạch",), "%"),
                       CatalogueName("beds", ("Số giường bệnh",), "giường")])
    wording = "Tỷ lệ hộ gia đình đô thị và nông thôn sử dụng nước sạch"
    ranked = matcher.scores(wording, "%")
    assert {m.key for m in ranked[:2]} == {"urban", "rural"} and ranked[1].score >= THRESHOLD
    assert matcher.match(wording, "%") is None
    # In the real catalogue: "khu công nghiệp" alone, or also "cụm công nghiệp"? Left for a person.
    assert key("Tỷ lệ khu công nghiệp có hệ thống xử lý nước thải tập trung", "%") is None


def test_a_runner_up_below_the_threshold_but_within_the_margin_still_links_neither() -> None:
    matcher = Matcher([CatalogueName("urban", ("Tỷ lệ hộ gia đình đô thị sử dụng nước sạch",), "%"),
                       CatalogueName("urban-piped", ("Tỷ lệ hộ gia đình đô thị sử dụng nước sạch tập trung",), "%"),
                       CatalogueName("rural", ("Tỷ lệ hộ gia đình nông thôn sử dụng nước sạch",), "%")])
    wording = "Tỷ lệ hộ gia đình đô thị sử dụng nước sạch quy tập trung"
    ranked = matcher.scores(wording, "%")
    assert [m.key for m in ranked[:2]] == ["urban-piped", "urban"]
    assert ranked[0].score >= THRESHOLD > ranked[1].score > ranked[0].score - MARGIN
    assert matcher.match(wording, "%") is None


def test_the_unit_keeps_a_rate_from_matching_a_count() -> None:
    assert key("Xã đạt chuẩn nông thôn mới kiểu mẫu", "%") == "new-rural-model-communes"
    assert key("Số xã đạt chuẩn nông thôn mới kiểu mẫu", "xã") == "new-rural-model-communes-count"
    assert key("Tỷ lệ xã đạt chuẩn nông thôn mới kiểu mẫu", "xã") == "new-rural-model-communes-count"
    assert (unit_kind("%o"), unit_kind("Triệu đồng"), unit_kind("triệu đồng/năm"), unit_kind("bác sỹ")) == (
        "rate", "money", "money", "other")
    assert unit_kind('"') == ""  # "same as above": unknown here


def test_a_sub_row_is_read_inside_its_parent() -> None:
    assert key("Nông, lâm nghiệp và thủy sản", "%") is None
    assert key("Nông, lâm nghiệp và thủy sản", "%", ("Cơ cấu kinh tế",)) == "economic-structure-agriculture"
    assert key("Nông nghiệp tăng", "%", ("Giá trị sản xuất tăng trưởng bình quân",)) == (
        "production-value-growth-agriculture")
    assert key("Bảo hiểm xã hội", "%", ("Tỷ lệ bao phủ bảo hiểm",)) == "social-insurance-coverage"
    # The parent's words never stand in for the row's own: this is no "xã nông thôn mới nâng cao".
    parent = ("Giữ vững 08 xã Nông thôn mới và 01 xã Nông thôn mới nâng cao; phấn đấu xây dựng xã Tân Bình",)
    assert key("Xây dựng xã Tân Bình đạt chuẩn Nông thôn mới", "", parent) is None


def test_a_part_is_never_linked_to_its_parents_indicator() -> None:
    name = "Tổ chức đảng cơ sở được đánh giá, xếp loại “Hoàn thành tốt nhiệm vụ”"
    assert key(name, "%") == "party-orgs-good-rating"
    assert MATCHER.match(name, "%", exclude=["party-orgs-good-rating"]) is None


def test_heading_rows_without_a_target_are_not_linked() -> None:
    assert is_heading(True, "") and is_heading(True, "  ")
    assert not is_heading(True, "100 %") and not is_heading(False, "")


def test_normalised_wording_drops_what_only_frames_a_target() -> None:
    assert normalise("Tỉ lệ xã đạt chuẩn NTM nâng cao (đến năm 2025)") == "ty le xa chuan nong thon moi nang cao"
    assert normalise("Số bác sỹ/1 vạn dân") == normalise("Số bác sĩ trên 10.000 dân")


# --------------------------------------------------------------------------- the seed tables

# Rows a person links only by reading the table around them, not by the row's own wording: the
# matcher leaves them unlinked (the seed files state their key), and says so instead of guessing.
NAME_ALONE_IS_NOT_ENOUGH = {  # (file, row name, the key a person gives it)
    # Phụ lục 1A lists these growth rates as siblings *after* "Tốc độ tăng giá trị sản xuất", not under it.
    ("hung-yen-xix-2020-2025.yaml", "Nông, lâm nghiệp và thủy sản", "production-value-growth-agriculture"),
    ("hung-yen-xix-2020-2025.yaml", "Công nghiệp, xây dựng", "production-value-growth-industry"),
    ("hung-yen-xix-2020-2025.yaml", "Thương mại, dịch vụ", "production-value-growth-services"),
    # One row naming six indices at once; the office's own local indicator.
    ("hung-yen-i-2025-2030.yaml", "Xếp hạng các chỉ số năng lực cạnh tranh cấp tỉnh (PCI), chỉ số cải cách hành "
     "chính (Par Index), chỉ số chuyển đổi số (DTI), chỉ số hài lòng của người dân (SIPAS), chỉ số hiệu quả quản "
     "trị và hành chính công (PAPI), chỉ số đổi mới sáng tạo cấp địa phương (PII)", "governance-indices-ranking"),
    # A qualitative goal ("no poor households left") about the poverty rate.
    ("khoai-chau-xxvi-2025-2030.yaml", "Không còn hộ nghèo theo chuẩn nghèo đa chiều quốc gia có hiệu lực trong cùng "
     "thời kỳ", "poverty-rate"),
}


def _seed_rows() -> Iterator[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    def walk(rows: list[dict[str, Any]], above: list[dict[str, Any]]) -> Iterator[tuple[dict, list[dict]]]:
        for row in rows or []:
            yield row, above
            yield from walk(row.get("children") or [], [row, *above])

    for path in sorted(FIXTURES.glob("*.yaml")):
        for section in yaml.safe_load(path.read_text(encoding="utf-8")).get("sections") or []:
            for row, above in walk(section.get("targets") or [], []):
                yield path.name, row, above


def _link(row: dict[str, Any], above: list[dict[str, Any]]) -> str | None:
    """What apply_document does with a row that states no key."""
    if is_heading(bool(row.get("children")), str(row.get("target") or "")):
        return None
    found = MATCHER.match(row["name"], str(row.get("unit") or ""), [r["name"] for r in above],
                          exclude=[r["indicator"] for r in above if r.get("indicator")])
    return found.key if found else None


def test_every_seed_row_links_by_its_wording_as_a_person_would_or_not_at_all() -> None:
    """The seed files' ``indicator:`` keys are what a person linked, row by row (fixtures/*.yaml);
    rows without a key are headings, bundles, qualitative or local rows a person leaves unlinked."""
    linked = unlinked = 0
    wrong = []
    for file, row, above in _seed_rows():
        person = row.get("indicator") or None
        expected = None if (file, row["name"], person) in NAME_ALONE_IS_NOT_ENOUGH else person
        got = _link(row, above)
        if got != expected:
            wrong.append(f"{file}: {row['name'][:60]!r}: {got} (người đọc: {expected})")
        linked += got is not None
        unlinked += got is None
    assert wrong == []
    assert (linked, unlinked) == (207, 61)
    rows = {(f, r["name"], r.get("indicator")) for f, r, _ in _seed_rows()}
    assert NAME_ALONE_IS_NOT_ENOUGH <= rows


def _decided_from_every_score(name: str, unit: str, context: list[str], exclude: list[str]) -> Match | None:
    """``match``'s rules applied to the whole ranking (``scores``, nothing left out)."""
    ranked = MATCHER.scores(name, unit, context)
    if not ranked or ranked[0].score < THRESHOLD or ranked[0].key in exclude:
        return None
    if len(ranked) > 1 and ranked[0].score - ranked[1].score < MARGIN and (not ranked[0].exact or ranked[1].exact):
        return None
    return ranked[0]


def test_leaving_out_wordings_too_far_to_decide_never_changes_a_link() -> None:
    """``match`` scores only the wordings that could reach THRESHOLD - MARGIN; every seed row and
    every catalogue wording (with and without its unit) links as the whole ranking says."""
    cases = [(row["name"], str(row.get("unit") or ""), [r["name"] for r in above],
              [r["indicator"] for r in above if r.get("indicator")]) for _file, row, above in _seed_rows()]
    for entry in _catalogue_names():
        for wording in entry.names:
            cases += [(wording, entry.unit, [], []), (f"{wording} đến năm 2030", "", [], []),
                      (wording, "%", ["Cơ cấu kinh tế"], [])]
    differ = [name for name, unit, context, exclude in cases
              if MATCHER.match(name, unit, context, exclude) != _decided_from_every_score(name, unit, context, exclude)]
    assert differ == [] and len(cases) > 1000
