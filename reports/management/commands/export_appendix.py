"""python manage.py export_appendix --layout term --committee "..." --congress 20 --output OUT.xlsx|OUT.docx

The output's extension decides the format: .xlsx (Excel) or .docx (Word).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.excel.export import ExportError, export_bytes
from reports.excel.layouts import Layout
from reports.excel.ratings import LAYOUT as RATINGS
from reports.excel.ratings import export_ratings_bytes
from reports.excel.shapes import parse_term
from reports.word.export import export_docx_bytes
from reports.word.ratings import export_ratings_docx_bytes
from resolutions.lookup import LookupError_, find_committee, find_resolution
from resolutions.models import to_roman
from resolutions.ratings import ratings_table


class Command(BaseCommand):
    help = "Xuất bảng phụ lục của một nghị quyết ra tệp Excel (.xlsx) hoặc Word (.docx) theo mẫu chính thức."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--layout", required=True, choices=[x.value for x in Layout] + [RATINGS])
        parser.add_argument("--committee", required=True, help='Tên đảng bộ, ví dụ "Đảng bộ tỉnh Thái Bình"')
        parser.add_argument("--congress", required=True, type=int, help="Đại hội lần thứ (số): 20 cho XX")
        parser.add_argument("--term", default=None, help="Nhiệm kỳ để kiểm tra, ví dụ 2020-2025 (tùy chọn)")
        parser.add_argument("--year", type=int, default=None, help="Năm (mẫu annual; mẫu ratings: năm xếp loại)")
        parser.add_argument("--appendix", default="", help='Số phụ lục in ở tiêu đề, ví dụ "1A"')
        parser.add_argument("--output", required=True, help="Tệp ghi ra: .xlsx (Excel) hoặc .docx (Word)")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        suffix = output.suffix.lower()
        if suffix not in (".xlsx", ".docx"):
            raise CommandError(f"Tệp ghi ra phải có đuôi .xlsx (Excel) hoặc .docx (Word), không phải '{output.name}'.")
        if options["layout"] == RATINGS:
            self._ratings(options)
            return
        layout = Layout(options["layout"])
        name, ordinal = options["committee"], options["congress"]
        if layout == Layout.ANNUAL and options["year"] is None:
            raise CommandError("Mẫu annual cần --year.")
        year = options["year"] if layout == Layout.ANNUAL else None
        try:
            resolution = find_resolution(name, ordinal, year)
        except LookupError_ as exc:
            raise CommandError(str(exc)) from exc
        if options["term"]:
            try:
                term = parse_term(options["term"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            if term != (resolution.congress.term_start, resolution.congress.term_end):
                raise CommandError(f"Đại hội lần thứ {to_roman(ordinal)} có nhiệm kỳ {resolution.congress.term}, "
                                   f"không phải {options['term']}.")
        write = export_docx_bytes if suffix == ".docx" else export_bytes
        try:
            data = write(resolution, layout, options["appendix"])
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        output.write_bytes(data)
        self.stdout.write(f"Đã ghi {output} ({len(data) // 1024} KB): {resolution.title}")

    def _ratings(self, options: dict[str, Any]) -> None:
        """Phụ lục 3: the quality ratings of the committee's subordinates for --year."""
        if options["year"] is None:
            raise CommandError("Mẫu ratings cần --year (năm xếp loại).")
        try:
            committee = find_committee(options["committee"], options["congress"])
        except LookupError_ as exc:
            raise CommandError(str(exc)) from exc
        if committee is None:
            raise CommandError(f"Không có đảng bộ tên '{options['committee']}'.")
        output = Path(options["output"])
        write = export_ratings_docx_bytes if output.suffix.lower() == ".docx" else export_ratings_bytes
        data = write(ratings_table(committee, options["year"]), options["appendix"] or "3")
        output.write_bytes(data)
        self.stdout.write(f"Đã ghi {output} ({len(data) // 1024} KB): xếp loại chất lượng năm {options['year']}, "
                          f"{committee.name}")
