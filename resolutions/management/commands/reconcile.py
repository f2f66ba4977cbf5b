"""List where the documents' own verdicts differ from the rules' verdicts, and the figures to check."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.text import shorten
from resolutions.lookup import LookupError_, find_resolution
from resolutions.verdicts import default_period, reconcile, rows_for


class Command(BaseCommand):
    help = "Đối chiếu đánh giá của văn bản với đánh giá theo quy tắc (Vượt / Đạt / Chưa đạt)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help='Tên đảng bộ, ví dụ "Đảng bộ tỉnh Thái Bình".')
        parser.add_argument("--congress", required=True, type=int, help="Đại hội lần thứ (20 cho XX).")
        parser.add_argument("--year", type=int, help="Năm của nghị quyết năm (bỏ trống: nghị quyết đại hội).")
        parser.add_argument("--all", action="store_true", help="In cả các dòng khớp.")

    def handle(self, *args: Any, committee: str, congress: int, year: int | None, all: bool, **options: Any) -> None:
        try:
            resolution = find_resolution(committee, congress, year)
        except LookupError_ as exc:
            raise CommandError(str(exc)) from exc
        period, period_year = default_period(resolution)
        result = reconcile(rows_for(resolution, period, period_year))
        self.stdout.write(str(resolution))
        shown = result.compared if all else result.differing
        for row in shown:
            mark = "≠" if row.differs_from_report else "="
            self.stdout.write(
                f"{mark} {row.target.number or '•':>3} {shorten(row.target.name, 70)}: mục tiêu '{row.target.target_text}', "
                f"kết quả '{row.figure_text}'; văn bản: {row.reported.label if row.reported else '—'}; "
                f"quy tắc: {row.verdict.status.label} — {row.verdict.explanation}"
            )
        self.stdout.write(result.agreement)
        if result.to_check:
            self.stdout.write(f"Số liệu cần kiểm tra: {len(result.to_check)}")
            for row in result.to_check:
                flagged = row.flagged
                assert flagged is not None
                self.stdout.write(
                    f"! {row.target.number or '•':>3} {shorten(row.target.name, 70)}: “{flagged.raw_text}” "
                    f"({flagged.period_label}) — {row.verdict.explanation}"
                )
