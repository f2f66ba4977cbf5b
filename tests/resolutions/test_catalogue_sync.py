"""The national catalogue in the database: filled by a migration, synced without losing local
edits (services.sync_catalogue), directions changed with their targets (set_indicator_direction)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from indicators.catalogue import read_catalogue
from indicators.evaluation import Direction
from indicators.models import Indicator
from indicators.statuses import Status
from resolutions.models import Target
from resolutions.services import set_indicator_direction, sync_catalogue
from resolutions.verdicts import rows_for
from tests.factories import make_resolution, make_result, make_target

pytestmark = pytest.mark.django_db


def test_migrate_alone_on_an_empty_database_fills_the_catalogue(tmp_path: Path) -> None:
    """A fresh SQLite database, `manage.py migrate` and nothing else (no seed files)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    run = [sys.executable, "manage.py"]
    subprocess.run([*run, "migrate", "--noinput", "-v0"], cwd=settings.BASE_DIR, env=env, check=True)
    out = subprocess.run(
        [*run, "shell", "-c", "from indicators.models import Indicator as I; "
         "print(I.objects.filter(origin='catalogue').count(), I.objects.get(key='poverty-rate').direction)"],
        cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()[-2:]
    assert int(out[0]) >= 120 and out[1] == "lower"


def test_the_test_database_holds_the_whole_catalogue_as_shipped() -> None:
    shipped = read_catalogue()
    stored = {i.key: i for i in Indicator.objects.filter(origin=Indicator.Origin.CATALOGUE)}
    assert len(stored) == len(shipped) >= 120
    assert stored["sex-ratio-at-birth"].shipped == next(e for e in shipped if e.key == "sex-ratio-at-birth").values()
    assert stored["sex-ratio-at-birth"].edited_fields == []


def test_syncing_the_same_file_again_changes_nothing() -> None:
    result = sync_catalogue()
    assert result.created == result.updated == result.kept == [] and result.unchanged == len(read_catalogue())


def _file_with(key: str, **changes: object) -> list:
    return [replace(e, **changes) if e.key == key else e for e in read_catalogue()]


def test_a_changed_shipped_field_updates_an_entry_nobody_edited() -> None:
    result = sync_catalogue(_file_with("forest-cover-rate", name="Tỷ lệ che phủ rừng (kể cả cây phân tán)"))
    assert result.updated == ["forest-cover-rate: tên"]
    forest = Indicator.objects.get(key="forest-cover-rate")
    assert forest.name == "Tỷ lệ che phủ rừng (kể cả cây phân tán)" and forest.edited_fields == []


def test_a_local_edit_survives_a_sync_of_a_newer_file() -> None:
    poverty = Indicator.objects.get(key="poverty-rate")
    poverty.name = "Tỷ lệ hộ nghèo đa chiều (tên tỉnh dùng)"
    poverty.aliases += "\nTỷ lệ hộ nghèo theo chuẩn của tỉnh"
    poverty.save()
    newer = _file_with("poverty-rate", name="Tỷ lệ hộ nghèo đa chiều", unit="% số hộ",
                       aliases=("Tỷ lệ hộ nghèo", "Tỷ lệ nghèo đa chiều"))
    result = sync_catalogue(newer)
    poverty.refresh_from_db()
    assert poverty.name == "Tỷ lệ hộ nghèo đa chiều (tên tỉnh dùng)"  # the office's name stays
    assert poverty.unit == "% số hộ"  # an unedited field follows the file
    assert poverty.alias_list == ["Tỷ lệ hộ nghèo", "Tỷ lệ nghèo đa chiều", "Tỷ lệ hộ nghèo theo chuẩn của tỉnh"]
    assert result.kept == ["poverty-rate: tên, tên gọi khác"]
    assert poverty.edited_fields == ["tên", "tên gọi khác"]


def test_a_dry_run_writes_nothing_and_says_so() -> None:
    before = list(Indicator.objects.order_by("key").values_list("key", "name", "direction", "shipped"))
    newer = _file_with("forest-cover-rate", name="Độ che phủ rừng") + [
        replace(read_catalogue()[0], key="new-indicator", name="Chỉ số mới hoàn toàn", aliases=())]
    result = sync_catalogue(newer, dry_run=True)
    assert result.created == ["new-indicator: Chỉ số mới hoàn toàn"] and result.updated == ["forest-cover-rate: tên"]
    assert result.as_text().startswith("Chạy thử (chưa ghi gì): ")
    assert list(Indicator.objects.order_by("key").values_list("key", "name", "direction", "shipped")) == before


def test_the_command_syncs_and_its_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    call_command("sync_catalogue", "--dry-run")
    assert "Chạy thử (chưa ghi gì): danh mục chỉ số: thêm 0, cập nhật 0" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators:\n  - key: X\n", encoding="utf-8")
    with pytest.raises(Exception, match="mã phải gồm chữ thường"):
        call_command("sync_catalogue", "--file", str(bad))


def test_entries_the_file_no_longer_ships_are_kept_and_listed() -> None:
    result = sync_catalogue([e for e in read_catalogue() if e.key != "icor"])
    assert result.missing == ["icor: Hệ số sử dụng vốn (ICOR)"]
    assert Indicator.objects.filter(key="icor").exists()


def test_changing_a_catalogue_direction_moves_the_linked_targets_and_their_verdicts() -> None:
    indicator = Indicator.objects.get(key="icor")
    resolution = make_resolution()
    linked = make_target(resolution, "5", indicator=indicator)
    confirmed = make_target(resolution, "5", indicator=indicator, direction="lower")
    make_result(linked, "4")
    assert rows_for(resolution, "term", None)[0].status == Status.EXCEEDED  # ICOR 4 against 5: lower is better
    admin = User.objects.get(username="quantri")
    moved = set_indicator_direction(indicator, "higher", admin, "Thử đổi chiều")
    assert moved == 1
    linked.refresh_from_db()
    confirmed.refresh_from_db()
    assert (linked.direction, confirmed.direction) == ("higher", "lower")  # a person's confirmation stays
    assert rows_for(resolution, "term", None)[0].status == Status.NOT_ACHIEVED  # 4 short of 5, now higher-is-better
    record = linked.history.first()
    assert (record.direction, record.history_user, record.history_change_reason) == ("higher", admin, "Thử đổi chiều")
    assert indicator.history.first().direction == "higher"


def test_a_sync_that_changes_a_direction_moves_the_linked_targets_too() -> None:
    target = Target.objects.filter(indicator__key="agri-labour-share").first()
    assert target is not None and target.direction == "lower"
    result = sync_catalogue(_file_with("agri-labour-share", direction=Direction.HIGHER))
    target.refresh_from_db()
    assert target.direction == "higher" and result.targets_moved == Target.objects.filter(
        indicator__key="agri-labour-share").count()


def test_only_catalogue_editors_may_change_a_direction() -> None:
    official = User.objects.get(username="canbo.khoaichau")
    with pytest.raises(PermissionDenied):
        set_indicator_direction(Indicator.objects.get(key="icor"), "higher", official)


def test_the_admin_form_changes_a_direction_through_the_service(admin_client_demo) -> None:  # noqa: ANN001
    indicator = Indicator.objects.get(key="natural-population-growth")
    linked = Target.objects.filter(indicator=indicator, direction_source="catalogue").count()
    page = admin_client_demo.get(f"/admin/indicators/indicator/{indicator.pk}/change/").content.decode()
    assert "Cách tính cả kỳ thường dùng" in page and "Đã sửa tại đơn vị" in page
    data = {"name": indicator.name, "aliases": indicator.aliases, "unit": indicator.unit, "direction": "higher",
            "basis": indicator.basis, "group": indicator.group}
    response = admin_client_demo.post(f"/admin/indicators/indicator/{indicator.pk}/change/", data, follow=True)
    assert f"{linked} chỉ tiêu gắn với chỉ số này đổi chiều theo" in response.content.decode()
    assert set(Target.objects.filter(indicator=indicator).values_list("direction", flat=True)) == {"higher"}
    indicator.refresh_from_db()
    assert indicator.edited_fields == ["chiều đánh giá"]


def test_an_administrator_restores_what_the_catalogue_shipped(admin_client_demo) -> None:  # noqa: ANN001
    poverty = Indicator.objects.get(key="poverty-rate")
    shipped_name = poverty.name
    poverty.name, poverty.unit = "Tên tỉnh tự đặt", "‰"
    poverty.save()
    admin_client_demo.post("/admin/indicators/indicator/", {"action": "restore_shipped", "_selected_action": [poverty.pk]})
    poverty.refresh_from_db()
    assert (poverty.name, poverty.unit, poverty.edited_fields) == (shipped_name, "%", [])
