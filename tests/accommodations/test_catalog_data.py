import re
from collections import Counter

import pytest

from accommodations.catalog_data import CATALOG, CATEGORY_LABELS, IMPLEMENTER_LABELS

FIELDS = {"code", "category", "title", "default_details", "rationale", "implementer"}
TEXT_FIELDS = ("title", "default_details", "rationale")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BRITISH_SPELLINGS = re.compile(
    r"\b(behaviour|colour|centre|programme|organis|practis|favour|judgement|paediatric)",
    re.IGNORECASE,
)


def _ids(item: dict[str, str]) -> str:
    return item["code"]


def test_the_catalog_offers_at_least_forty_accommodations():
    assert len(CATALOG) >= 40


def test_every_category_has_at_least_three_accommodations():
    per_category = Counter(item["category"] for item in CATALOG)
    for category in CATEGORY_LABELS:
        assert per_category[category] >= 3, category


def test_the_eight_categories_of_the_design_have_labels():
    assert set(CATEGORY_LABELS) == {
        "attendance",
        "physical_activity",
        "mobility",
        "self_management",
        "health_office",
        "academics",
        "social_emotional",
        "device",
    }
    assert set(IMPLEMENTER_LABELS) == {"all_staff", "teachers", "pe_teacher", "nurse", "counselor"}
    assert all(label.strip() for label in [*CATEGORY_LABELS.values(), *IMPLEMENTER_LABELS.values()])


def test_codes_are_unique_slugs_that_fit_a_slug_field():
    codes = [item["code"] for item in CATALOG]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert SLUG.match(code), code
        assert len(code) <= 50, code


def test_titles_are_unique_so_the_catalog_search_never_shows_twins():
    titles = [item["title"].casefold() for item in CATALOG]
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize("item", CATALOG, ids=_ids)
def test_each_accommodation_has_exactly_the_expected_keys(item):
    assert set(item) == FIELDS


@pytest.mark.parametrize("item", CATALOG, ids=_ids)
def test_each_accommodation_uses_a_known_category_and_implementer(item):
    assert item["category"] in CATEGORY_LABELS
    assert item["implementer"] in IMPLEMENTER_LABELS


@pytest.mark.parametrize("item", CATALOG, ids=_ids)
def test_each_accommodation_has_tidy_non_empty_text(item):
    for field in TEXT_FIELDS:
        text = item[field]
        assert text.strip() == text and text, field
        assert "  " not in text, field
    assert len(item["title"]) <= 100
    for field in ("default_details", "rationale"):
        assert item[field].endswith((".", '"')), field


@pytest.mark.parametrize("item", CATALOG, ids=_ids)
def test_each_accommodation_is_written_in_american_english(item):
    for field in TEXT_FIELDS:
        assert not BRITISH_SPELLINGS.search(item[field]), field


def test_the_device_category_covers_both_pumps_and_stimulators():
    device_text = " ".join(
        f"{item['title']} {item['default_details']}"
        for item in CATALOG
        if item["category"] == "device"
    ).lower()
    assert "pump" in device_text
    assert "stimulator" in device_text
    assert "911" in device_text
