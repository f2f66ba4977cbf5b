"""Uploads waiting between preview and confirmation: one folder per kind and user, stale files go."""

from __future__ import annotations

import os
import time

from reports.admin import APPENDIX_UPLOADS
from reports.ratings_views import RATINGS_UPLOADS
from reports.staging import STAGED_MAX_AGE, is_token, staging_dir


def test_unconfirmed_uploads_older_than_a_day_are_removed() -> None:
    folder = staging_dir(APPENDIX_UPLOADS, 987654)
    old, fresh = folder / ("a" * 64), folder / ("b" * 64)
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    past = time.time() - STAGED_MAX_AGE - 60
    os.utime(old, (past, past))
    staging_dir(APPENDIX_UPLOADS, 987654)
    assert not old.exists() and fresh.exists()
    fresh.unlink()


def test_each_kind_of_upload_and_each_user_has_its_own_folder() -> None:
    folders = {staging_dir(APPENDIX_UPLOADS, 1), staging_dir(APPENDIX_UPLOADS, 2), staging_dir(RATINGS_UPLOADS, 1)}
    assert len(folders) == 3 and all(folder.is_dir() for folder in folders)


def test_only_a_sha256_in_hex_names_a_waiting_upload() -> None:
    assert is_token("a" * 64)
    assert not is_token("../" + "a" * 61) and not is_token("A" * 64) and not is_token("a" * 63)
