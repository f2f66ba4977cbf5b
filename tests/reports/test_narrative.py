"""The results section: wording per status on rows built by hand (no database), then on seed data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from indicators.evaluation import Verdict
from indicators.expressions import parse_expression
from indicators.models import Indicator
from indicators.statuses import Status
from reports.headline import headline_for
from reports.narrative import build_narrative, clause, rate_text, status_words, target_paragraph, with_unit
from resolutions.adjustments import adjust_target
from resolutions.models import Result, Section, Target
from resolutions.verdicts import Row, rows_for
from tests.conftest import resolution_by

KINH_TE = Section(code="I", title="KINH TẾ")
XA_HOI = Section(code="II", title="XÃ HỘI")


def row(
    name: str = "Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP)", *, number: str = "1", unit: str = "%",
    target: str = "7,5 - 8", figure: str = "9,17", status: Status = Status.EXCEEDED,
    rate: str | None = "122.3", basis: str = "latest", estimate: bool = False, depth: int = 0,
    section: Section | None = KINH_TE, explanation: str = "", children: list[Row] | None = None,
    lower: bool = False, term_note: str = "", as_of: int | None = None,
) -> Row:
    """A verdict row as ``resolutions.verdicts`` returns it, built from unsaved model instances."""
    t = Target(number=number, name=name, unit=unit, target_text=target, term_basis=basis, section=section)
    if lower:
        t.indicator = Indicator(pk=999, key="ho-ngheo", name="Tỷ lệ hộ nghèo", direction="lower")
        t.direction, t.direction_source = "lower", "catalogue"  # stored on the target, as the services do
    result = Result(raw_text=figure, figure="estimate" if estimate else "official") if figure else None
    verdict = Verdict(status, "rule", explanation, Decimal(rate) if rate else None, as_of=as_of)
    return Row(t, depth, result, None, verdict, status, children=children or [], term_note=term_note)


# --------------------------------------------------------------------------- one target


def test_the_issues_example_sentence_is_written_word_for_word() -> None:
    grdp = row(basis="growth_mean")
    assert target_paragraph(grdp, term=True) == (
        "(1) Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân 9,17%/năm, đạt 122% mục tiêu "
        "(mục tiêu 7,5 - 8%), vượt chỉ tiêu.")


@pytest.mark.parametrize(("status", "words"), [
    (Status.EXCEEDED, "vượt chỉ tiêu"), (Status.ACHIEVED, "đạt chỉ tiêu"),
    (Status.BASICALLY, "cơ bản đạt chỉ tiêu"), (Status.NOT_ACHIEVED, "chưa đạt chỉ tiêu"),
    (Status.FAILED, "không đạt chỉ tiêu"),
])
def test_a_verdict_on_a_figure_gives_the_rate_and_the_verdict(status: Status, words: str) -> None:
    text = clause(row("GRDP bình quân đầu người", unit="Triệu đồng", target="130", figure="133", status=status,
                      rate="102.3"), term=True)
    assert text == f"GRDP bình quân đầu người đạt 133 triệu đồng, đạt 102% mục tiêu (mục tiêu 130 triệu đồng), {words}"


@pytest.mark.parametrize(("status", "words"), [
    (Status.SECURED, "đã đạt chỉ tiêu"), (Status.LIKELY, "có khả năng đạt chỉ tiêu"),
    (Status.UNLIKELY, "khó đạt chỉ tiêu"),
])
def test_a_forecast_is_worded_as_provisional_with_the_figure_so_far(status: Status, words: str) -> None:
    text = clause(row("Tổng vốn đầu tư toàn xã hội", unit="Tỷ đồng", target="230.000", figure="144.000",
                      basis="sum", status=status, rate="62.6", as_of=2023), term=True)
    assert text == (f"Tổng vốn đầu tư toàn xã hội từ đầu nhiệm kỳ đến năm 2023 đạt 144.000 tỷ đồng "
                    f"(mục tiêu 230.000 tỷ đồng), {words} (tạm tính đến năm 2023)")
    assert "62" not in text and "cả giai đoạn" not in text  # the term is not over: no rate, no whole-term figure
    growth = clause(row(basis="growth_mean", figure="8,1", status=status, rate=None, as_of=2024), term=True)
    assert growth.startswith("Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân đến năm 2024 đạt 8,1%/năm")
    assert status_words(status) == f"{words} (tạm tính)"


def test_a_figure_to_check_is_never_called_met_or_not_met_and_says_why() -> None:
    reason = "Kết quả 328,096 nhỏ hơn mục tiêu 250.000 hơn 10 lần; có thể nhầm dấu phân cách (nếu là 328.096 thì Vượt, đạt 131%)"
    text = clause(row("Tổng vốn đầu tư toàn xã hội", unit="Tỷ đồng", target="250.000", figure="328,096",
                      status=Status.CHECK, rate="0.1", explanation=reason), term=True)
    assert "số liệu cần kiểm tra lại" in text and reason in text
    assert "đạt 0,1% mục tiêu" not in text
    assert not any(text.endswith(w) for w in ("vượt chỉ tiêu", ", đạt chỉ tiêu", "chưa đạt chỉ tiêu"))


def test_a_parent_missing_parts_names_the_parts_without_figures() -> None:
    parts = [row("Tăng trưởng", number="", depth=1, figure="14", status=Status.EXCEEDED, rate="147"),
             row("Giá trị", number="", unit="Triệu USD", target="8.500", depth=1, figure="", rate=None,
                 status=Status.NO_DATA)]
    parent = row("Kim ngạch xuất khẩu", number="6", unit="", target="", figure="", rate=None,
                 status=Status.INCOMPLETE, children=parts)
    text = target_paragraph(parent, term=True)
    assert text.startswith("(6) Kim ngạch xuất khẩu, chưa đủ số liệu để đánh giá (còn thiếu: giá trị).")
    assert "Trong đó: tăng trưởng đạt 14%, đạt 147% mục tiêu (mục tiêu 7,5 - 8%), vượt chỉ tiêu; " in text
    assert text.endswith("giá trị (mục tiêu 8.500 triệu USD), chưa có số liệu.")


def test_qualitative_pending_and_no_data_are_said_as_such() -> None:
    pending = row("Giải tỏa các công trình vi phạm", number="15", unit="", target="Hoàn thành việc giải tỏa",
                  figure="", rate=None, status=Status.PENDING)
    assert clause(pending, term=True) == ("Giải tỏa các công trình vi phạm (mục tiêu Hoàn thành việc giải tỏa), "
                                          "chưa đánh giá (chờ người có thẩm quyền đánh giá)")
    empty = row("Tỷ lệ đô thị hóa", figure="", rate=None, status=Status.NO_DATA, target="47")
    assert clause(empty, term=True) == "Tỷ lệ đô thị hóa (mục tiêu 47%), chưa có số liệu"


def test_an_estimate_a_lower_is_better_figure_and_a_computed_term_figure_are_worded_so() -> None:
    assert clause(row("GRDP bình quân đầu người", unit="Triệu đồng", target="130", figure="133", estimate=True,
                      rate="102.3"), term=True).startswith("GRDP bình quân đầu người ước đạt 133 triệu đồng")
    poverty = row("Tỷ lệ hộ nghèo", target="dưới 1", figure="0,63", status=Status.ACHIEVED, rate=None, lower=True)
    assert clause(poverty, term=True) == "Tỷ lệ hộ nghèo còn 0,63% (mục tiêu dưới 1%), đạt chỉ tiêu"
    computed = Row(poverty.target, 0, None, parse_expression("0,65"), poverty.verdict, Status.ACHIEVED,
                   term_note="Số liệu năm cuối nhiệm kỳ (2025)")
    assert clause(computed, term=True) == "Tỷ lệ hộ nghèo còn 0,65% (tính từ số liệu các năm; mục tiêu dưới 1%), đạt chỉ tiêu"


def test_a_per_year_target_stored_as_cumulative_is_worded_as_a_mean_never_as_the_whole_term() -> None:
    # "1.600 đảng viên/năm" stored as lũy kế (the catalogue's basis for new party members): its term
    # figure is the mean of the years (resolutions.verdicts), so "cả giai đoạn đạt 1.500" would be false.
    members = row("Kết nạp đảng viên mới", number="19", unit="đảng viên/năm", target="1.600", figure="",
                  status=Status.NOT_ACHIEVED, rate="93.8", basis="sum")
    computed = Row(members.target, 0, None, parse_expression("1.500"), members.verdict, Status.NOT_ACHIEVED,
                   term_note="Trung bình cộng 5 năm: 1.500")
    sentence = clause(computed, term=True)
    assert sentence.startswith("Kết nạp đảng viên mới bình quân 1.500 đảng viên/năm")
    assert "cả giai đoạn" not in sentence


def test_sub_targets_follow_in_which_without_repeating_it() -> None:
    child = row("Trong đó hoàn thành xuất sắc nhiệm vụ", number="", depth=1, target="20", figure="19,29",
                status=Status.NOT_ACHIEVED, rate="96.5")
    parent = row("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ", number="18", target=">70", figure="91,88",
                 rate="131.3", children=[child])
    assert target_paragraph(parent, term=False).endswith(
        "Trong đó: hoàn thành xuất sắc nhiệm vụ đạt 19,29%, đạt 97% mục tiêu (mục tiêu 20%), chưa đạt chỉ tiêu.")


def test_units_attach_the_way_the_documents_write_them() -> None:
    assert with_unit("9,9", "%") == "9,9%"
    assert with_unit("6,4", "%o") == "6,4‰"
    assert with_unit("133", "Triệu đồng") == "133 triệu đồng"
    assert with_unit("8.650", "Triệu USD") == "8.650 triệu USD"
    assert with_unit("600.000 tỷ đồng", "Tỷ đồng") == "600.000 tỷ đồng"
    assert with_unit("Nhóm 10 tỉnh dẫn đầu", "") == "Nhóm 10 tỉnh dẫn đầu"
    assert rate_text(Decimal("122.3")) == "122%" and rate_text(Decimal("0.1")) == "0,1%"


# --------------------------------------------------------------------------- the whole section


def test_the_section_opens_with_the_headline_and_groups_paragraphs_by_section() -> None:
    rows = [
        row("Tốc độ tăng GRDP", basis="growth_mean"),
        row("Tỷ lệ hộ nghèo", number="2", section=XA_HOI, target="dưới 1", figure="0,63", status=Status.ACHIEVED,
            rate=None, lower=True),
        row("Tỷ lệ bao phủ bảo hiểm y tế", number="3", section=XA_HOI, target="trên 98", figure="94",
            status=Status.NOT_ACHIEVED, rate="95.9"),
        row("Thu ngân sách", number="4", section=XA_HOI, target="1.000", figure="900", status=Status.LIKELY, rate=None,
            as_of=2024),
        row("Vốn đầu tư", number="5", section=XA_HOI, target="250.000", figure="328,096", status=Status.CHECK,
            rate=None),
        row("Tỷ lệ đô thị hóa", number="6", section=XA_HOI, target="47", figure="", status=Status.NO_DATA, rate=None),
    ]
    narrative = build_narrative(rows, period_label="Cả nhiệm kỳ 2020 - 2025", term=True)
    headline = headline_for(rows)
    assert narrative.headline == [headline.sentence, headline.unjudged]  # the scoreboard's own headline
    assert narrative.headline[0].startswith("Có 2/6 chỉ tiêu chủ yếu đạt và vượt")
    assert [(line.heading, line.text[:12]) for line in narrative.lines] == [
        (True, "I. KINH TẾ"), (False, "(1) Tốc độ t"), (True, "II. XÃ HỘI"), (False, "(2) Tỷ lệ hộ"),
        (False, "(3) Tỷ lệ ba"), (False, "(4) Thu ngân"), (False, "(5) Vốn đầu "), (False, "(6) Tỷ lệ đô")]
    assert narrative.lines[5].text.endswith("có khả năng đạt chỉ tiêu (tạm tính đến năm 2024).")
    text = narrative.as_text()
    assert text.startswith("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU\n(Cả nhiệm kỳ 2020 - 2025)\nCó 2/6")
    assert text.endswith("(Chi tiết tại Phụ lục kèm theo)")


def test_khoai_chau_reads_like_its_report(khoai_chau_xxv: object) -> None:
    rows = rows_for(khoai_chau_xxv, "term", None)
    narrative = build_narrative(rows, period_label="Cả nhiệm kỳ 2020 - 2025", term=True)
    assert narrative.headline[0] == headline_for(rows).sentence
    assert narrative.headline[0].startswith("Có 12/16 chỉ tiêu chủ yếu đạt và vượt")
    paragraphs = [line.text for line in narrative.lines if not line.heading]
    assert [p.split(")")[0] for p in paragraphs] == [f"({n}" for n in range(1, 17)]
    assert paragraphs[11] == ("(12) Tỷ lệ bao phủ bảo hiểm y tế đạt 94%, đạt 96% mục tiêu (mục tiêu trên 98%), "
                              "chưa đạt chỉ tiêu.")
    assert paragraphs[12] == ("(13) Tỷ lệ tăng dân số tự nhiên đến năm 2024 còn 0,65% (mục tiêu dưới 1%), "
                              "có khả năng đạt chỉ tiêu (tạm tính đến năm 2024).")
    assert paragraphs[0].startswith("(1) Giá trị sản xuất tăng trưởng bình quân 9,69%/năm, đạt 102% mục tiêu "
                                    "(mục tiêu trên 9,5%), vượt chỉ tiêu. Trong đó: nông nghiệp")


@pytest.mark.parametrize(("key", "ordinal"), [("hung-yen-2020", 19), ("thai-binh-2020", 20), ("khoai-chau", 25)])
def test_every_paragraph_states_its_rows_own_verdict(db: None, key: str, ordinal: int) -> None:
    rows = rows_for(resolution_by(key, ordinal), "term", None)
    paragraphs = [line.text for line in build_narrative(rows, period_label="", term=True).lines if not line.heading]
    top = [r for r in rows if r.depth == 0]
    assert len(paragraphs) == len(top)
    for paragraph, r in zip(paragraphs, top, strict=True):
        own = paragraph.split(" Trong đó: ")[0]
        assert status_words(r.status, r.verdict.as_of if r.is_forecast else None) in own, (paragraph, r.status)


@pytest.mark.django_db
def test_an_adjusted_target_is_worded_with_the_target_in_force() -> None:
    xix = resolution_by("hung-yen-2020", 19)
    budget = Target.objects.get(resolution=xix, name="Thu ngân sách trên địa bàn")
    adjust_target(budget, text="50.000", decision_code="NQ 15", effective_from=dt.date(2023, 7, 1))
    row = next(r for r in rows_for(xix, "term", None) if r.target.pk == budget.pk)
    assert "mục tiêu (đã điều chỉnh) 50.000 tỷ đồng" in clause(row, term=True).lower()
