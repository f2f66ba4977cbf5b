"""Error pages are in Vietnamese (production, DEBUG off)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_answers_in_vietnamese() -> None:
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_another_committees_scoreboard_is_a_vietnamese_404(leader_client: Client) -> None:
    from resolutions.models import Resolution

    other = Resolution.objects.get(congress__committee__key="vinh-bao")
    response = leader_client.get(f"/nghi-quyet/{other.pk}/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
