"""What changed between plan versions, and the plan services the editor relies on."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from accommodations.models import Category, Implementer
from accommodations.plan_changes import diff_plans
from tests import factories


@pytest.fixture
def catalog(clinic):
    return [
        factories.AccommodationTemplateFactory(organization=clinic, title=f"Catalog entry {n}")
        for n in range(3)
    ]


def _item(plan, template=None, **fields):
    defaults = {
        "title": template.title if template else "Quiet place to rest",
        "category": template.category if template else Category.MOBILITY,
        "details": template.default_details if template else "A quiet room.",
        "implementer": template.implementer if template else Implementer.ALL_STAFF,
    }
    return factories.PlanItemFactory(plan=plan, template=template, **{**defaults, **fields})


def _new_version(old):
    """Publish `old` and open the next version's draft."""
    factories.publish(old)
    return factories.DraftPlanFactory(student=old.student, version=old.version + 1)


def test_a_first_version_lists_every_accommodation_as_added(student):
    plan = student.plans.get()

    changes = diff_plans(None, plan)

    assert [change.kind for change in changes] == ["added"] * 3
    assert [change.title for change in changes] == [item.title for item in plan.items.all()]


def test_identical_versions_have_no_changes(db, catalog):
    student = factories.StudentFactory()
    old = factories.DraftPlanFactory(student=student, version=1)
    _item(old, catalog[0])
    _item(old)
    new = _new_version(old)
    _item(new, catalog[0])
    _item(new)

    assert diff_plans(old, new) == []


def test_it_matches_catalog_items_by_template_even_when_the_title_changed(db, catalog):
    student = factories.StudentFactory()
    old = factories.DraftPlanFactory(student=student, version=1)
    _item(old, catalog[0])
    new = _new_version(old)
    _item(new, catalog[0], title="Rest breaks (tailored)", implementer=Implementer.NURSE)

    [change] = diff_plans(old, new)

    assert change.kind == "changed"
    assert change.title == "Rest breaks (tailored)"
    assert {field.name for field in change.field_changes} == {"title", "implementer"}
    implementer = next(f for f in change.field_changes if f.name == "implementer")
    assert implementer.after == "School nurse"


def test_custom_items_are_matched_by_title(db):
    student = factories.StudentFactory()
    old = factories.DraftPlanFactory(student=student, version=1)
    _item(old, title="Elevator pass", details="For the whole year.")
    new = _new_version(old)
    _item(
        new, title="  elevator   PASS ", details="For the whole year.", start_date=date(2026, 9, 1)
    )

    [change] = diff_plans(old, new)

    assert change.kind == "changed"
    assert [field.name for field in change.field_changes] == ["title", "start_date"]


def test_it_reports_added_and_removed_items_with_removed_last(db, catalog):
    student = factories.StudentFactory()
    old = factories.DraftPlanFactory(student=student, version=1)
    _item(old, catalog[0])
    _item(old, catalog[1])
    new = _new_version(old)
    _item(new, catalog[2])
    _item(new, catalog[0], details="Changed details")

    changes = diff_plans(old, new)

    assert [(change.kind, change.title) for change in changes] == [
        ("added", "Catalog entry 2"),
        ("changed", "Catalog entry 0"),
        ("removed", "Catalog entry 1"),
    ]
    assert changes[2].before is not None and changes[2].after is None


def test_a_template_item_does_not_match_a_custom_item_of_another_title(db, catalog):
    student = factories.StudentFactory()
    old = factories.DraftPlanFactory(student=student, version=1)
    _item(old, catalog[0])
    new = _new_version(old)
    _item(new, title="Something else entirely")

    assert [change.kind for change in diff_plans(old, new)] == ["added", "removed"]


def test_the_changes_partial_names_each_change_in_words(db, catalog):
    student = factories.StudentFactory()
    old = factories.DraftPlanFactory(student=student, version=1)
    _item(old, catalog[0])
    _item(old, catalog[1])
    new = _new_version(old)
    _item(new, catalog[0], details="Up to 10 minutes.")
    _item(new, catalog[2])

    html = render_to_string(
        "accommodations/includes/plan_changes.html", {"changes": diff_plans(old, new)}
    )

    assert 'class="diff__added"' in html and "Added" in html
    assert 'class="diff__removed"' in html and "Removed" in html
    assert 'class="diff__changed"' in html and "Changed" in html
    assert "<ins>Up to 10 minutes.</ins>" in html


def test_the_changes_partial_says_when_nothing_changed(db):
    html = render_to_string("accommodations/includes/plan_changes.html", {"changes": []})

    assert "No accommodations were added, removed or changed." in html


def _draft_access(student, psychologist):
    from accommodations import selectors, services

    access = selectors.access_student(user=psychologist, student_id=student.pk)
    return access, services.start_draft(access=access)


def test_a_custom_accommodation_sent_twice_is_added_once(student, psychologist):
    from accommodations import services

    access, draft = _draft_access(student, psychologist)
    fields = {
        "category": Category.MOBILITY,
        "title": "Elevator pass",
        "details": "For the whole year.",
        "implementer": Implementer.ALL_STAFF,
    }
    services.add_custom_item(access=access, plan=draft, **fields)

    with pytest.raises(services.ServiceError) as refused:
        services.add_custom_item(access=access, plan=draft, **{**fields, "title": "elevator pass"})

    assert refused.value.field == "title"
    assert draft.items.filter(title__iexact="elevator pass").count() == 1


def test_a_review_date_in_the_past_is_refused_and_not_saved(student, psychologist):
    from accommodations import services

    access, draft = _draft_access(student, psychologist)
    before = draft.review_date

    with pytest.raises(services.ServiceError) as refused:
        services.set_review_date(access=access, plan=draft, review_date=date(2020, 1, 1))

    assert refused.value.field == "review_date"
    draft.refresh_from_db()
    assert draft.review_date == before


def test_tailoring_an_item_with_blank_details_is_refused_for_every_caller(psychologist, student):
    from accommodations import selectors, services

    access = selectors.access_for(user=psychologist, student=student)
    draft = services.start_draft(access=access)
    item = draft.items.first()
    with pytest.raises(services.ServiceError) as refused:
        services.update_item(
            access=access, item=item, details="   ", implementer=item.implementer, start_date=None
        )
    assert refused.value.field == "details"
    item.refresh_from_db()
    assert item.details.strip()


def test_school_staff_are_found_by_the_scope_their_release_covers(student, nurse, school):
    from accommodations import selectors
    from accommodations.models import Release

    Release.objects.filter(student=student).update(scope_notes=False)
    assert list(selectors.school_staff_with_scope(student, selectors.SCOPE_PLAN)) == [nurse]
    assert list(selectors.school_staff_with_scope(student, selectors.SCOPE_NOTES)) == []
