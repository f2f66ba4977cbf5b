"""Finding committees and resolutions by the names people type."""

from __future__ import annotations

import pytest

from resolutions.lookup import LookupError_, find_committee, find_resolution


@pytest.mark.django_db
def test_the_congress_number_tells_apart_committees_sharing_a_name() -> None:
    assert find_committee("Đảng bộ tỉnh Hưng Yên", 19).key == "hung-yen-2020"
    assert find_committee("đảng bộ tỉnh  hưng yên", 1).key == "hung-yen-2025"  # case and spaces ignored
    assert find_resolution("Đảng bộ tỉnh Hưng Yên", 1).congress.term_start == 2025


@pytest.mark.django_db
def test_an_ambiguous_name_without_that_congress_is_refused() -> None:
    # Both Hưng Yên committees exist; neither has a congress XXX, and only the new one is active.
    assert find_committee("Đảng bộ tỉnh Hưng Yên", 30).key == "hung-yen-2025"
    from resolutions.models import Committee

    Committee.objects.filter(key="hung-yen-2025").update(active_to="2030-01-01")
    with pytest.raises(LookupError_, match="Có nhiều đảng bộ tên"):
        find_committee("Đảng bộ tỉnh Hưng Yên", 30)


@pytest.mark.django_db
def test_a_missing_resolution_is_a_vietnamese_error() -> None:
    assert find_committee("Đảng bộ tỉnh Không Có", 1) is None
    with pytest.raises(LookupError_, match="không có nghị quyết năm 2023"):
        find_resolution("Đảng bộ tỉnh Thái Bình", 20, 2023)
