"""List where the documents' own verdicts differ from the rules' verdicts, the figures to check, and
the targets judged by a direction the system guessed that nobody has confirmed yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.text import shorten
from resolutions.lookup import LookupError_, find_resolution
from resolutions.verdicts import Row, default_period, reconcile, rows_for


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
        rows = rows_for(resolution, period, period_year)
        result = reconcile(rows)
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
        self._guessed_directions(rows)

    def _guessed_directions(self, rows: list[Row]) -> None:
        """Targets whose verdict uses a guessed direction (Target.direction_unconfirmed)."""
        guessed = [row for row in rows if row.target.direction_unconfirmed]
        if not guessed:
            self.stdout.write("Chiều đánh giá: không có chỉ tiêu nào dùng chiều do hệ thống suy đoán mà chưa xác nhận.")
            return
        self.stdout.write(f"Chiều đánh giá do hệ thống suy đoán, cần xác nhận: {len(guessed)} chỉ tiêu")
        for row in guessed:
            target = row.target
            self.stdout.write(
                f"? {target.number or '•':>3} {target.name[:70]}: mục tiêu '{target.target_text}'; "
                f"{target.get_direction_display().lower()} ({target.direction_guess.reason}); "
                f"đánh giá hiện tại: {row.status.label}"
            )
