"""Hand edits of a resolution's structure: the resolution, its targets, its congress; each recounts tallies."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from resolutions.models import Congress, Resolution, Target
from resolutions.services.common import audit, target_fields
from resolutions.services.directions import link_target
from resolutions.tallies import refresh_tallies


@transaction.atomic
def save_resolution(resolution: Resolution, user: AbstractBaseUser | None = None) -> Resolution:
    """Save a resolution edited by hand (title, code, rule settings "mức vượt" and "Cơ bản đạt").

    The rule settings change verdicts, so the resolution's tallies are recounted in the same transaction.
    """
    resolution.full_clean()
    audit(resolution, user)
    resolution.save()
    refresh_tallies([resolution.pk])
    return resolution


@transaction.atomic
def save_target(target: Target, user: AbstractBaseUser | None = None, reason: str = "") -> Target:
    """Save a target edited by hand: its text's parsed meaning is stored beside it, its catalogue link and
    direction decided as for imported tables (``link_target``), its resolution recounted."""
    for name, value in target_fields((target.target_text or "").strip()).items():
        setattr(target, name, value)
    link_target(target, user)
    audit(target, user, reason)
    target.save()
    refresh_tallies([target.resolution_id])
    return target


@transaction.atomic
def delete_target(target: Target, user: AbstractBaseUser | None = None) -> None:
    """Delete a target (its parts and results with it) and recount its resolution."""
    resolution_id = target.resolution_id
    audit(target, user, "Xóa chỉ tiêu")
    target.delete()
    refresh_tallies([resolution_id])


@transaction.atomic
def save_congress(congress: Congress) -> Congress:
    """Save a congress edited by hand; its term decides its resolutions' periods, so they are recounted."""
    congress.full_clean()
    congress.save()
    refresh_tallies(congress.resolutions.values_list("pk", flat=True))
    return congress
