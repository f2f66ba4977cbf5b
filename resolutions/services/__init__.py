"""The only write path: writes that touch several models, as typed functions inside a transaction.

Admin actions, the entry form, imports and commands all call these; no business rule lives in
signals or ``save()``. Every function either completes or leaves the database as it was. Callers
import from ``resolutions.services``; the modules import each other downward only, in this order:

- ``common``: the errors, a target's name, texts as stored columns, ``set_if_changed``, ``audit``;
- ``locks``: when a period's figures may not change (submitted, approved, committee ended);
- ``directions``: a target's direction, the indicator catalogue (sync, restore, link by wording);
- ``figures``: recording figures and verdicts (record, override, confirm, correct, delete);
- ``structure``: hand edits of a resolution, its targets and its congress;
- ``apply``: validating and applying a whole resolution document (imports, seeds).
"""

from resolutions.services.apply import ApplySummary, apply_document, validate_document
from resolutions.services.common import (
    ConflictError,
    DocumentError,
    LockedError,
    audit,
    check_figure,
    result_fields,
    target_fields,
    target_name,
)
from resolutions.services.directions import (
    Catalogue,
    CatalogueSync,
    confirm_direction,
    direction_fields,
    direction_lock,
    link_target,
    restore_catalogue_entry,
    set_indicator_direction,
    sync_catalogue,
)
from resolutions.services.figures import (
    Entry,
    EntryError,
    confirm_figure,
    correct_figure,
    delete_result,
    record_result,
    record_results,
    set_override,
    validate_entry_text,
)
from resolutions.services.locks import LOCK_MESSAGES, after_committee_ended, is_locked, lock_reason
from resolutions.services.structure import delete_target, save_congress, save_resolution, save_target
from resolutions.tallies import refresh_tallies

__all__ = [
    # common
    "ConflictError", "DocumentError", "LockedError", "audit", "check_figure", "result_fields", "target_fields",
    "target_name",
    # locks
    "LOCK_MESSAGES", "after_committee_ended", "is_locked", "lock_reason",
    # directions and the catalogue
    "Catalogue", "CatalogueSync", "confirm_direction", "direction_fields", "direction_lock", "link_target",
    "restore_catalogue_entry", "set_indicator_direction", "sync_catalogue",
    # figures
    "Entry", "EntryError", "confirm_figure", "correct_figure", "delete_result", "record_result",
    "record_results", "set_override", "validate_entry_text",
    # structure
    "delete_target", "save_congress", "save_resolution", "save_target",
    # applying a document
    "ApplySummary", "apply_document", "validate_document",
    # the tallies every write recounts (``resolutions.tallies``), for callers that recount by hand
    "refresh_tallies",
]
