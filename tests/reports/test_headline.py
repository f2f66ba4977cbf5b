"""The headline sentence, built from counts without a database."""

from __future__ import annotations

from indicators.evaluation import Verdict
from indicators.statuses import Status
from reports.headline import build_headline, headline_for, padded
from resolutions.models import Target
from resolutions.verdicts import Row, tally

V, D, B, C, K, F, P, N = (
    Status.EXCEEDED, Status.ACHIEVED, Status.BASICALLY, Status.NOT_ACHIEVED,
    Status.FAILED, Status.UNLIKELY, Status.PENDING, Status.NO_DATA,
)


def test_the_documents_own_headline_is_reproduced_word_for_word() -> None:
    headline = build_headline({V: 9, D: 5, C: 2}, {C: ["7", "12"]})
    assert headline.sentence == (
        "Có 14/16 chỉ tiêu chủ yếu đạt và vượt; trong đó 09 chỉ tiêu vượt; "
        "còn 02 chỉ tiêu chưa đạt (chỉ tiêu số 7, 12)."
    )
    assert (headline.total, headline.met, headline.exceeded, headline.behind) == (16, 14, 9, 2)
    assert headline.unjudged == ""


def test_counts_under_ten_are_zero_padded_after_con_and_larger_ones_are_not() -> None:
    assert [padded(n) for n in (0, 2, 9, 10, 123)] == ["00", "02", "09", "10", "123"]
    assert "còn 07 chỉ tiêu chưa đạt" in build_headline({D: 13, C: 7}).sentence
    assert "còn 12 chỉ tiêu chưa đạt" in build_headline({D: 1, C: 12}).sentence


def test_a_headline_without_shortfalls_has_no_con_clause() -> None:
    assert build_headline({V: 3, D: 4}).sentence == "Có 7/7 chỉ tiêu chủ yếu đạt và vượt; trong đó 03 chỉ tiêu vượt."


def test_no_exceeded_targets_leaves_out_the_trong_do_clause() -> None:
    assert build_headline({D: 2, C: 1}, {C: ["3"]}).sentence == (
        "Có 2/3 chỉ tiêu chủ yếu đạt và vượt; còn 01 chỉ tiêu chưa đạt (chỉ tiêu số 3)."
    )


def test_failed_targets_count_as_not_achieved_and_unlikely_ones_are_a_forecast_clause() -> None:
    headline = build_headline({V: 1, C: 1, K: 1, F: 1}, {C: ["2"], K: ["3"], F: ["4"]}, as_of=2024)
    assert headline.sentence == (
        "Có 1/4 chỉ tiêu chủ yếu đạt và vượt; trong đó 01 chỉ tiêu vượt; "
        "còn 02 chỉ tiêu chưa đạt (chỉ tiêu số 2, 3); tạm tính đến năm 2024: 01 chỉ tiêu khó đạt (chỉ tiêu số 4)."
    )


def test_a_running_term_has_a_forecast_headline_labelled_tam_tinh() -> None:
    S, L = Status.SECURED, Status.LIKELY
    headline = build_headline({S: 2, L: 8, F: 5, N: 2}, {S: ["4", "9"], F: ["3", "5", "8", "11", "14"]}, as_of=2026)
    assert headline.sentence == (
        "Tạm tính đến năm 2026, có 10/17 chỉ tiêu chủ yếu đã đạt hoặc có khả năng đạt; "
        "trong đó 02 chỉ tiêu đã đạt (chỉ tiêu số 4, 9); còn 05 chỉ tiêu khó đạt (chỉ tiêu số 3, 5, 8, 11, 14)."
    )
    assert (headline.on_track, headline.unlikely, headline.met, headline.as_of) == (10, 5, 0, 2026)


def test_a_figure_to_check_is_named_and_counted_neither_met_nor_not_met() -> None:
    headline = build_headline({V: 9, D: 6, C: 3, Status.CHECK: 1}, {C: ["7", "12", "16"], Status.CHECK: ["4"]})
    assert headline.sentence == (
        "Có 15/19 chỉ tiêu chủ yếu đạt và vượt; trong đó 09 chỉ tiêu vượt; còn 03 chỉ tiêu chưa đạt "
        "(chỉ tiêu số 7, 12, 16); 01 chỉ tiêu cần kiểm tra số liệu (chỉ tiêu số 4)."
    )
    assert (headline.met, headline.behind, headline.check) == (15, 3, 1)


def test_incomplete_parents_are_listed_with_the_unjudged() -> None:
    headline = build_headline({D: 3, Status.INCOMPLETE: 1}, {Status.INCOMPLETE: ["14"]})
    assert headline.sentence == "Có 3/4 chỉ tiêu chủ yếu đạt và vượt."
    assert headline.unjudged == "Còn 01 chỉ tiêu chưa đủ số liệu (chỉ tiêu số 14)."


def test_basically_achieved_targets_are_named_but_not_counted_as_achieved() -> None:
    headline = build_headline({D: 3, B: 1}, {B: ["5"]})
    assert headline.sentence == "Có 3/4 chỉ tiêu chủ yếu đạt và vượt; 01 chỉ tiêu cơ bản đạt (chỉ tiêu số 5)."


def test_targets_without_data_or_awaiting_a_person_get_a_line_of_their_own() -> None:
    headline = build_headline({D: 10, N: 1, P: 2}, {N: ["5"], P: ["8", "15"]})
    assert headline.sentence == "Có 10/13 chỉ tiêu chủ yếu đạt và vượt."
    assert headline.unjudged == (
        "Còn 01 chỉ tiêu chưa có số liệu (chỉ tiêu số 5); 02 chỉ tiêu chờ người đánh giá (chỉ tiêu số 8, 15)."
    )


def test_a_resolution_without_any_figures_yet_does_not_claim_0_of_n() -> None:
    headline = build_headline({N: 23, P: 1}, {P: ["17"]})
    assert headline.sentence == "Chưa có chỉ tiêu chủ yếu nào được đánh giá."
    assert headline.unjudged.startswith("Còn 23 chỉ tiêu chưa có số liệu; 01 chỉ tiêu chờ người đánh giá (chỉ tiêu số 17)")


def test_a_resolution_without_targets_says_so() -> None:
    assert build_headline({}).sentence == "Nghị quyết chưa có chỉ tiêu nào để đánh giá."


def _row(number: str, status: Status, depth: int = 0) -> Row:
    # Unsaved targets: rows are plain objects, no database needed.
    return Row(Target(number=number, name=f"Chỉ tiêu {number}"), depth, None, None, Verdict(status, "x", ""), status)


def test_headline_for_rows_counts_exactly_what_tally_counts_and_names_numbered_top_level_targets() -> None:
    rows = [
        _row("1", V), _row("", C, depth=1), _row("2", C), _row("-", C), _row("3", D), _row("4", N),
    ]
    headline = headline_for(rows)
    counts = tally(rows)
    assert headline.total == sum(counts.values()) == 4
    assert headline.met == counts[V] + counts[D]
    assert headline.sentence == (
        "Có 2/4 chỉ tiêu chủ yếu đạt và vượt; trong đó 01 chỉ tiêu vượt; còn 01 chỉ tiêu chưa đạt (chỉ tiêu số 2)."
    )
    assert headline.unjudged == "Còn 01 chỉ tiêu chưa có số liệu (chỉ tiêu số 4)."
