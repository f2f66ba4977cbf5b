"""The next term starts from the last: the new resolution from its target table, links to the previous
term (catalogue kept), and the previous term's last-year figures as the baseline."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.models import Indicator
from reports.appendix_import import read_appendix
from reports.excel.export import export_bytes
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest
from resolutions.models import Committee, Congress, Resolution, Result, Target, TargetLink
from resolutions.next_term import baselines, carry_over, create_next_term, previous_resolutions
from tests.conftest import login, resolution_by
from tests.factories import make_resolution, make_target

pytestmark = pytest.mark.django_db


def continued(resolution: Resolution) -> dict[str, set[str]]:
    """New target name → the committees whose previous targets it continues."""
    out: dict[str, set[str]] = {}
    for link in TargetLink.objects.filter(target__resolution=resolution, kind="continues").select_related(
        "target", "linked_to__resolution__congress__committee"
    ):
        out.setdefault(link.target.name, set()).add(link.linked_to.resolution.congress.committee.key)
    return out


def test_the_merged_province_follows_both_provinces_and_the_district_its_own_last_term() -> None:
    new = resolution_by("hung-yen-2025", 1)
    assert [r.congress.committee.key for r in previous_resolutions(new)] == ["hung-yen-2020", "thai-binh-2020"]
    assert [r.congress.ordinal for r in previous_resolutions(resolution_by("khoai-chau", 26))] == [25]
    assert previous_resolutions(resolution_by("hung-yen-2020", 19)) == []


def test_the_seed_data_links_the_new_terms_to_the_last_by_catalogue_indicator() -> None:
    links = continued(resolution_by("hung-yen-2025", 1))
    assert links["Tỷ lệ đô thị hóa"] == {"hung-yen-2020", "thai-binh-2020"}
    assert links["Thu ngân sách trên địa bàn"] == {"hung-yen-2020"}
    assert "Tốc độ tăng tổng sản phẩm trên địa bàn theo giá so sánh (GRDP)" in links
    assert carry_over(resolution_by("hung-yen-2025", 1)).links == []  # idempotent


def test_the_baseline_is_the_previous_terms_last_year_figure() -> None:
    new = resolution_by("hung-yen-2025", 1)
    found = {Target.objects.get(pk=pk).name: b for pk, b in baselines(new).items()}
    assert found["Thu ngân sách trên địa bàn"].text == "44.923"
    assert found["Thu ngân sách trên địa bàn"].notes == ["Kết quả cả nhiệm kỳ (mức năm 2025) (ước)"]
    assert found["Tỷ lệ đô thị hóa"].text == "Đảng bộ tỉnh Hưng Yên: 48,2; Đảng bộ tỉnh Thái Bình: 27,8"
    assert found["Tổng vốn đầu tư toàn xã hội"].text == ""  # a 5-year total is not a last-year figure
    # A figure entered for 2025 itself wins over the term's.
    old = Target.objects.get(resolution=resolution_by("hung-yen-2020", 19), name="Thu ngân sách trên địa bàn")
    Result.objects.create(target=old, period="year", year=2025, raw_text="47.100", value_kind="point", value=47100)
    again = {Target.objects.get(pk=pk).name: b for pk, b in baselines(new).items()}
    assert (again["Thu ngân sách trên địa bàn"].text, again["Thu ngân sách trên địa bàn"].notes) == ("47.100", ["Năm 2025"])


def test_a_new_target_without_a_catalogue_link_takes_the_previous_targets() -> None:
    committee = Committee.objects.get(key="khoai-chau")
    old = make_resolution(committee, ordinal=24, term=(2015, 2020))
    lower_is_better = Indicator.objects.filter(direction="lower").first()
    previous = make_target(old, "100", name="Số xã đạt chuẩn nông thôn mới", unit="xã", indicator=lower_is_better)
    new = resolution_by("khoai-chau", 25)
    fresh = make_target(new, "120", name="Số xã đạt chuẩn nông thôn mới", unit="xã")
    result = carry_over(new)
    fresh.refresh_from_db()
    assert fresh.indicator_id == previous.indicator_id and str(fresh) in result.catalogued
    assert (fresh.direction, fresh.direction_source) == ("lower", "catalogue")  # the link brings its direction
    assert TargetLink.objects.filter(target=fresh, linked_to=previous, kind="continues").exists()
    assert fresh.history.latest().history_change_reason == "Gắn danh mục theo chỉ tiêu nhiệm kỳ trước"


def phu_luc_2() -> bytes:
    """Seed 002's Phụ lục 2 as the office would type it (the export of the seed resolution)."""
    return export_bytes(resolution_by("hung-yen-2025", 1), Layout.TARGETS, "2")


def forget_new_term() -> None:
    resolution = resolution_by("hung-yen-2025", 1)
    congress = resolution.congress
    resolution.delete()
    Congress.objects.filter(pk=congress.pk).delete()


def test_the_new_congress_resolution_is_created_from_its_target_table_keeping_catalogue_links() -> None:
    indicators = dict(Target.objects.filter(resolution=resolution_by("hung-yen-2025", 1))
                      .values_list("order", "indicator__key"))
    data = phu_luc_2()
    forget_new_term()
    request = ImportRequest(layout=Layout.TARGETS, committee_name="Đảng bộ tỉnh Hưng Yên", ordinal=1,
                            term_start=2025, term_end=2030, file_name="phu-luc-2.xlsx")
    read = read_appendix(data, request)
    assert read.errors == []
    committee = Committee.objects.get(key="hung-yen-2025")
    summary, carried = create_next_term(read.doc, committee)
    new = Resolution.objects.get(pk=summary.resolution_id)
    assert new.congress.ordinal == 1 and (new.congress.term_start, new.congress.term_end) == (2025, 2030)
    kept = dict(Target.objects.filter(resolution=new).values_list("order", "indicator__key"))
    same = [order for order, key in indicators.items() if key and kept.get(order) == key]
    # Rows named as in the previous term, or worded like a catalogue entry, get their link back (49 of the
    # 51 today; a person links the rest in the admin); the baseline follows.
    assert len(same) >= 45 and len(carried.links) >= 20
    assert any(b.text == "44.923" for b in baselines(new).values())


def test_the_start_term_command_creates_and_links_or_with_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc-2.xlsx"
    path.write_bytes(phu_luc_2())
    forget_new_term()
    out = io.StringIO()
    call_command("start_term", str(path), "--user", "canbo.hungyen", "--committee", "Đảng bộ tỉnh Hưng Yên",
                 "--congress", "1", "--term", "2025-2030", "--dry-run", stdout=out)
    assert "Chạy thử: Nhiệm kỳ trước: Đảng bộ tỉnh Hưng Yên XIX, Đảng bộ tỉnh Thái Bình XX." in out.getvalue()
    assert not Congress.objects.filter(committee__key="hung-yen-2025", ordinal=1).exists()
    call_command("start_term", str(path), "--user", "canbo.hungyen", "--committee", "Đảng bộ tỉnh Hưng Yên",
                 "--congress", "1", "--term", "2025-2030", stdout=io.StringIO())
    new = Resolution.objects.get(congress__committee__key="hung-yen-2025", congress__ordinal=1)
    links = TargetLink.objects.filter(target__resolution=new, kind="continues")
    assert links.count() >= 20 and all(link.created_by.username == "canbo.hungyen" for link in links)


def test_the_office_links_the_new_term_with_the_resolution_action() -> None:
    new = resolution_by("khoai-chau", 26)
    TargetLink.objects.filter(target__resolution=new).delete()
    response = login("canbo.khoaichau").post("/admin/resolutions/resolution/", {
        "action": "continue_previous_term", "_selected_action": [new.pk]})
    assert response.status_code == 302
    links = TargetLink.objects.filter(target__resolution=new, kind="continues")
    assert links.count() > 5 and all(link.created_by.username == "canbo.khoaichau" for link in links)
    TargetLink.objects.filter(target__resolution=new).delete()
    login("canbo.hungyencu").post("/admin/resolutions/resolution/", {
        "action": "continue_previous_term", "_selected_action": [new.pk]})
    assert not TargetLink.objects.filter(target__resolution=new).exists()  # not their committee
