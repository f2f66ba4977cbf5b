"""Tables the product has never seen, typed the way staff type them, imported into an empty database:
every verdict is the one the written rules give (issue 9, "Done when")."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from indicators.statuses import Status
from reports.appendix_import import run_import
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest
from resolutions.models import Committee, Congress, Resolution
from resolutions.verdicts import default_period, rows_for

pytestmark = pytest.mark.django_db

V, D, C = Status.EXCEEDED, Status.ACHIEVED, Status.NOT_ACHIEVED
CHECK, INCOMPLETE, PENDING, NO_DATA = Status.CHECK, Status.INCOMPLETE, Status.PENDING, Status.NO_DATA

# STT | Chỉ tiêu | ĐVT | Mục tiêu | Kết quả | Đánh giá (as the office wrote it) | the verdict by the written rules
TERM_ROWS: list[tuple[str, str, str, str, str, str, Status | None]] = [
    ("I", "KINH TẾ", "", "", "", "", None),
    ("1", "Tốc độ tăng trưởng kinh tế (GRDP) bình quân", "%/năm", "8 - 8,5", "7,92", "Chưa đạt", C),
    ("2", "GRDP bình quân đầu người năm 2025", "Triệu đồng", "95", "102,4", "Vượt", V),
    ("3", "Thu ngân sách nhà nước trên địa bàn năm 2025", "Tỷ đồng", "20.000", "21.350", "Vượt", V),
    # 312,5 tỷ đồng against 250.000: a unit slip (nghìn tỷ written for tỷ) explains it.
    ("4", "Tổng vốn đầu tư toàn xã hội giai đoạn 2021 - 2025", "Tỷ đồng", "250.000", "312,5", "Vượt", CHECK),
    ("5", "Kim ngạch xuất khẩu năm 2025", "Triệu USD", "3.500", "3.450", "Đạt", C),
    ("II", "VĂN HÓA - XÃ HỘI", "", "", "", "", None),
    ("6", "Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)", "%", "dưới 1,5", "1,2", "Đạt", D),
    ("7", "Tỷ lệ lao động qua đào tạo", "%", "75", "76,5", "Vượt", V),
    ("8", "Tỷ lệ thất nghiệp ở khu vực thành thị", "%", "3", "2,6", "Vượt", V),
    ("9", "Tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi", "%", "giảm còn 14", "14,8", "Chưa đạt", C),
    ("10", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "trên 95", "95,0", "Đạt", D),
    ("11", "Số bác sỹ/vạn dân", "Bác sỹ", "12", "11,5", "Cơ bản đạt", C),
    ("12", "Xây dựng nông thôn mới", "", "", "", "", INCOMPLETE),
    ("-", "Số xã đạt chuẩn nông thôn mới nâng cao", "Xã", "40", "45", "Vượt", V),
    ("-", "Số xã đạt chuẩn nông thôn mới kiểu mẫu", '"', "10", "", "", NO_DATA),
    ("III", "MÔI TRƯỜNG", "", "", "", "", None),
    ("13", "Tỷ lệ che phủ rừng", "%", "5", "5", "Đạt", D),
    ("14", "Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý", "%", "100", "98,5", "Cơ bản đạt", C),
    ("IV", "XÂY DỰNG ĐẢNG VÀ HỆ THỐNG CHÍNH TRỊ", "", "", "", "", None),
    ("15", "Kết nạp đảng viên mới", "Đảng viên/năm", "2.000", "2.150", "Vượt", V),
    ("16", "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "%", "trên 90", "92,3", "Vượt", V),
    ("17", "Xây dựng Đảng bộ trong sạch, vững mạnh", "", "Hoàn thành", "", "Đạt", PENDING),
]

# STT | Chỉ tiêu | ĐVT | Kế hoạch năm 2024 | Thực hiện năm 2024 | Đánh giá | the verdict by the written rules
ANNUAL_ROWS: list[tuple[str, str, str, str, str, str, Status | None]] = [
    # An index (previous year = 100) written for a growth rate.
    ("1", "Tốc độ tăng giá trị sản xuất", "%", "9 - 10", "109,5", "Vượt", CHECK),
    ("2", "Thu ngân sách trên địa bàn", "Tỷ đồng", "350", "412", "Vượt", V),
    ("3", "Giảm tỷ lệ hộ nghèo xuống còn", "%", "1,8", "1,65", "Vượt", V),
    ("4", "Tỷ lệ giảm hộ nghèo", "%", "0,5", "0,6", "Vượt", V),
    ("5", "Tỷ lệ tăng dân số tự nhiên", "‰", "6,4%o", "6,1", "Đạt", V),
    ("6", "Số vụ tai nạn giao thông", "Vụ", "không quá 45", "48", "Chưa đạt", C),
    ("7", "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "%", ">95", "97,1", "Vượt", V),
    ("8", "Số lượt khách du lịch", "Nghìn lượt", "1.200", "1.150", "Đạt", C),
    ("9", "Xây dựng xã đạt chuẩn nông thôn mới kiểu mẫu", "Xã", "2", "2", "Đạt", D),
    ("10", "Tỷ lệ dân số được sử dụng nước sạch", "%", "100", "100", "Đạt", D),
    ("11", "Kết nạp đảng viên mới", "Đảng viên", "150", "142", "Cơ bản đạt", C),
]


def workbook(title: list[str], header: list[str], rows: list[tuple[str, ...]]) -> bytes:
    """A sheet as an office types it: title lines, a header, a column-number row, then the rows."""
    wb = Workbook()
    ws = wb.active
    for line in title:
        ws.append([line])
    ws.append([])
    ws.append(header)
    ws.append([f"({i})" for i in range(1, len(header) + 1)])
    for row in rows:
        ws.append(list(row[:6]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def empty_database() -> None:
    """Only what `migrate` leaves: the indicator catalogue, no committee, no resolution."""
    for resolution in Resolution.objects.all():
        resolution.delete()
    Congress.objects.all().delete()
    Committee.objects.update(successor=None, parent=None)
    Committee.objects.all().delete()


def verdicts(resolution: Resolution) -> dict[str, Status]:
    period, year = default_period(resolution)
    return {f"{row.target.number}|{row.target.name}": row.status for row in rows_for(resolution, period, year)}


def expected(rows: list[tuple[str, str, str, str, str, str, Status | None]]) -> dict[str, Status]:
    return {f"{n if n != '-' else '-'}|{name}": status for n, name, *_rest, status in rows if status is not None}


def test_a_term_table_typed_by_staff_gets_every_verdict_by_the_written_rules(empty_database: Any) -> None:
    data = workbook(
        ["PHỤ LỤC 1", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI",
         "ĐẢNG BỘ TỈNH NINH BÌNH LẦN THỨ XXII, NHIỆM KỲ 2020 - 2025"],
        ["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu NQĐH XXII", "Kết quả thực hiện", "Đánh giá"],
        TERM_ROWS,
    )
    outcome = run_import(data, ImportRequest(Layout.TERM, "Đảng bộ tỉnh Ninh Bình", 22, 2020, 2025))
    assert outcome.succeeded, outcome.errors
    resolution = Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)
    assert verdicts(resolution) == expected(TERM_ROWS)


def test_an_annual_table_typed_by_staff_gets_every_verdict_by_the_written_rules(empty_database: Any) -> None:
    data = workbook(
        ["BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024", "ĐẢNG BỘ HUYỆN GIA VIỄN"],
        ["TT", "Nội dung chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2024", "Thực hiện năm 2024", "Đánh giá"],
        ANNUAL_ROWS,
    )
    request = ImportRequest(Layout.ANNUAL, "Đảng bộ huyện Gia Viễn", 24, 2020, 2025, year=2024)
    outcome = run_import(data, request)
    assert outcome.succeeded, outcome.errors
    resolution = Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)
    assert verdicts(resolution) == expected(ANNUAL_ROWS)
