"""Where an uploaded file waits between its preview and the person's confirmation.

One folder per kind of upload and per user, under the system's temporary folder. Files nobody
confirmed within a day are removed whenever the folder is asked for, so it cannot grow forever.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

STAGED_MAX_AGE = 24 * 3600  # seconds an unconfirmed upload is kept
_TOKEN_RE = re.compile(r"^[0-9a-f]{64}$")


def staging_dir(kind: str, user_pk: int) -> Path:
    """The folder of ``user_pk``'s waiting uploads of ``kind`` ("appendix-imports", "ratings-imports"),
    made if missing and cleared of files older than ``STAGED_MAX_AGE``."""
    folder = Path(tempfile.gettempdir()) / kind / str(int(user_pk))
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STAGED_MAX_AGE
    for stale in folder.iterdir():
        if stale.is_file() and stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
    return folder


def is_token(text: str) -> bool:
    """Whether ``text`` can name a waiting upload: its SHA-256 in hex, nothing a path could be made of."""
    return bool(_TOKEN_RE.match(text))
