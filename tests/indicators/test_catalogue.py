"""The national indicator catalogue file and its three-way merge (indicators.catalogue); no database."""

from __future__ import annotations

from collections import Counter

import pytest

from indicators.catalogue import (
    CatalogueEntry,
    CatalogueError,
    Group,
    edited_fields,
    parse_catalogue,
    plan_entry,
    read_catalogue,
)
from indicators.evaluation import Direction
from indicators.term_figures import TermBasis

ENTRIES = read_catalogue()
BY_KEY = {e.key: e for e in ENTRIES}


def test_the_shipped_catalogue_has_at_least_120_indicators_in_every_group() -> None:
    sizes = Counter(e.group for e in ENTRIES)
    assert len(ENTRIES) >= 120
    assert set(sizes) == set(Group)
    assert sizes[Group.ECONOMY] >= 40 and sizes[Group.SOCIETY] >= 40
    assert sizes[Group.ENVIRONMENT] >= 15 and sizes[Group.PARTY] >= 20


@pytest.mark.parametrize("key", [
    # economy
    "grdp-growth", "grdp-per-capita", "economic-structure-agriculture", "economic-structure-industry",
    "economic-structure-services", "budget-revenue", "total-investment", "export-value", "export-growth",
    "industrial-production-index-growth", "tourist-arrivals", "tourism-revenue", "digital-economy-share", "fdi-attracted",
    # society
    "poverty-rate", "near-poverty-rate", "poverty-rate-reduction", "unemployment-rate", "trained-labour-rate",
    "agri-labour-share", "health-insurance-coverage", "doctors-per-10k", "hospital-beds-per-10k",
    "child-malnutrition-rate", "infant-mortality-rate", "sex-ratio-at-birth", "natural-population-growth",
    "new-rural-communes", "new-rural-advanced-communes", "new-rural-model-communes", "national-standard-schools-rate",
    "cultural-family-rate", "cultural-village-rate",
    # environment
    "clean-water-rate-rural", "clean-water-rate-urban", "household-waste-treatment-rate", "forest-cover-rate",
    "industrial-park-wastewater-rate",
    # party building
    "new-party-members", "party-orgs-excellent-rating", "party-orgs-good-rating", "party-orgs-failed-rating",
    "party-members-good-rating", "thematic-inspections-orgs", "thematic-supervisions-orgs",
])
def test_the_indicators_resolutions_use_are_in_the_catalogue(key: str) -> None:
    assert key in BY_KEY


def test_the_lower_is_better_indicators_of_domain_md_are_lower() -> None:
    lower = {e.key for e in ENTRIES if e.direction == Direction.LOWER}
    assert {"poverty-rate", "natural-population-growth", "unemployment-rate", "agri-labour-share",
            "child-malnutrition-rate", "public-order-crime", "traffic-accidents", "sex-ratio-at-birth",
            "infant-mortality-rate"} <= lower
    # A reduction, or dealing with a bad thing, is better when larger.
    assert {"poverty-rate-reduction", "households-escaping-poverty", "polluting-facilities-treated-rate",
            "unemployment-insurance-coverage", "crime-solving-rate"}.isdisjoint(lower)


def test_usual_term_bases_follow_what_the_indicator_measures() -> None:
    assert BY_KEY["grdp-growth"].basis == TermBasis.GROWTH_MEAN  # bình quân tăng trưởng
    assert BY_KEY["total-investment"].basis == TermBasis.SUM  # lũy kế
    assert BY_KEY["poverty-rate"].basis == TermBasis.LATEST  # năm cuối kỳ
    assert BY_KEY["party-orgs-good-rating"].basis == TermBasis.MEAN  # bình quân hằng năm


def test_every_entry_has_a_name_a_unit_or_a_reason_not_to_and_unique_wordings() -> None:
    for entry in ENTRIES:
        assert entry.name and entry.key == entry.key.lower()
    # Units are missing only for indices (HDI, PAR Index…), which have none.
    assert {e.key for e in ENTRIES if not e.unit} <= {"icor", "par-index", "dti-index", "sipas-index", "papi-index",
                                                       "pii-index", "hdi"}


def _raw(**changes: object) -> dict:
    entry = {"key": "x-rate", "name": "Tỷ lệ X", "unit": "%", "direction": "higher", "basis": "latest",
             "group": "society", "aliases": ["Tỷ lệ x"]}
    return {**entry, **changes}


def test_a_malformed_catalogue_is_refused_with_every_problem_named() -> None:
    data = {"indicators": [
        _raw(), _raw(), _raw(key="y-rate", name="Tỷ lệ Y", direction="sideways", aliases=[]),
        _raw(key="Z Rate", name="Z", aliases=[]), _raw(key="w-rate", name="TỶ LỆ X", aliases=[]),
    ]}
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(data, "thu.yaml")
    text = "\n".join(caught.value.messages)
    assert "mã 'x-rate' lặp lại" in text
    assert "'direction' phải là một trong higher, lower (đang là 'sideways')" in text
    assert "chỉ số 'Z Rate': mã phải gồm chữ thường" in text
    assert "tên 'TỶ LỆ X' trùng với chỉ số 'x-rate'" in text  # rows could not be linked by that name


ENTRY = CatalogueEntry("x-rate", "Tỷ lệ X mới", "%", Direction.LOWER, TermBasis.MEAN, Group.SOCIETY, ("Tỷ lệ x", "X mới"))
OLD = {"name": "Tỷ lệ X", "aliases": ["Tỷ lệ x"], "unit": "%", "direction": "higher", "basis": "latest",
       "group": "society"}


def test_a_new_entry_is_created_with_the_files_values() -> None:
    plan = plan_entry(ENTRY, None, None)
    assert plan.action == "create" and plan.values == plan.shipped == ENTRY.values()


def test_unedited_fields_take_the_newer_files_values() -> None:
    plan = plan_entry(ENTRY, dict(OLD), dict(OLD))
    assert plan.action == "update" and plan.kept == []
    assert plan.values == ENTRY.values()
    assert set(plan.changed) == {"name", "aliases", "direction", "basis"}


def test_fields_an_office_edited_are_kept_and_reported() -> None:
    current = {**OLD, "name": "Tỷ lệ X (tên của tỉnh)", "aliases": ["Tỷ lệ x", "Cách gọi của tỉnh"]}
    plan = plan_entry(ENTRY, current, dict(OLD))
    assert plan.values["name"] == "Tỷ lệ X (tên của tỉnh)"
    assert plan.values["aliases"] == ["Tỷ lệ x", "X mới", "Cách gọi của tỉnh"]  # file's new alias + the office's
    assert plan.values["direction"] == "lower"  # not edited: follows the file
    assert set(plan.kept) == {"name", "aliases"}
    assert plan.shipped == ENTRY.values()  # the next sync compares with this file


def test_an_alias_the_office_removed_stays_removed() -> None:
    current = {**OLD, "aliases": []}
    plan = plan_entry(ENTRY, current, dict(OLD))
    assert plan.values["aliases"] == ["X mới"]


def test_a_sync_of_the_same_file_changes_nothing() -> None:
    first = plan_entry(ENTRY, None, None)
    again = plan_entry(ENTRY, first.values, first.shipped)
    assert again.action == "unchanged" and again.changed == [] and again.kept == []


def test_an_office_indicator_under_a_key_the_catalogue_later_ships_keeps_the_offices_values() -> None:
    current = {**OLD, "group": ""}
    plan = plan_entry(ENTRY, current, None)
    assert plan.action == "adopt"
    assert (plan.values["name"], plan.values["direction"]) == ("Tỷ lệ X", "higher")
    assert plan.values["basis"] == "mean" and plan.values["group"] == "society"  # blanks filled from the file


def test_edited_fields_compare_the_stored_values_with_what_was_shipped() -> None:
    assert edited_fields({**OLD, "unit": "‰"}, OLD) == ["unit"]
    assert edited_fields(OLD, None) == []  # a local indicator has nothing shipped
