"""The care team's plan editor, through its pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accommodations.models import AccommodationPlan, Category, Implementer
from tests import factories


def u(name, student, *args):
    return reverse(f"accommodations:{name}", args=[student.pk, *args])


@pytest.fixture
def catalog(clinic):
    return {
        "rest": factories.AccommodationTemplateFactory(
            organization=clinic,
            title="Rest break in the health office",
            category=Category.HEALTH_OFFICE,
            default_details="Up to 15 minutes.",
        ),
        "elevator": factories.AccommodationTemplateFactory(
            organization=clinic,
            title="Elevator pass",
            category=Category.MOBILITY,
            default_details="Use the elevator between classes.",
        ),
        "pe": factories.AccommodationTemplateFactory(
            organization=clinic,
            title="Modified PE participation",
            category=Category.PHYSICAL_ACTIVITY,
            default_details="Walk instead of running laps.",
        ),
    }


@pytest.fixture
def editor(client_of, psychologist, student):
    client = client_of(psychologist)
    client.post(u("plan_edit", student), {"action": "start"})
    return client


def draft_of(student):
    return AccommodationPlan.objects.get(student=student, status="draft")


def test_every_outsider_and_every_reader_outside_the_team_gets_404(
    client_of, student, outsiders, guardian, nurse
):
    item = student.plans.get().items.first()
    pages = [
        ("get", u("plan_edit", student)),
        ("post", u("plan_edit", student)),
        ("post", u("plan_item_add", student)),
        ("post", u("plan_item_custom", student)),
        ("post", u("plan_item_update", student, item.pk)),
        ("post", u("plan_item_remove", student, item.pk)),
        ("post", u("plan_item_move", student, item.pk)),
        ("get", u("plan_preview", student)),
        ("post", u("plan_publish", student)),
        ("get", u("plan_discard", student)),
    ]
    for who, user in {**outsiders, "guardian": guardian, "school nurse": nurse}.items():
        client = client_of(user)
        for method, address in pages:
            assert getattr(client, method)(address).status_code == 404, (who, address)
    assert not AccommodationPlan.objects.filter(student=student, status="draft").exists()


def test_opening_the_editor_does_not_create_a_draft(client_of, psychologist, student):
    response = client_of(psychologist).get(u("plan_edit", student))

    assert response.status_code == 200
    assert "Start draft version 2" in response.content.decode()
    assert not AccommodationPlan.objects.filter(student=student, status="draft").exists()


def test_starting_a_draft_copies_the_current_version_once(client_of, psychologist, student):
    client = client_of(psychologist)

    client.post(u("plan_edit", student), {"action": "start"})
    client.post(u("plan_edit", student), {"action": "start"})

    draft = draft_of(student)
    assert draft.version == 2 and draft.items.count() == 3
    assert AccommodationPlan.objects.filter(student=student).count() == 2


def _shown(response):
    return [
        entry.title for group in response.context["catalog_groups"] for entry in group["entries"]
    ]


def test_the_catalog_can_be_searched_and_filtered_without_javascript(editor, student, catalog):
    response = editor.get(u("plan_edit", student), {"q": "elevator"})
    assert _shown(response) == ["Elevator pass"]

    response = editor.get(u("plan_edit", student), {"category": Category.PHYSICAL_ACTIVITY})
    assert _shown(response) == ["Modified PE participation"]


def test_an_htmx_search_returns_only_the_results(editor, student, catalog):
    response = editor.get(
        u("plan_edit", student), {"q": "rest"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="catalog"
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="catalog"') or 'id="catalog"' in page[:200]
    assert "Rest break in the health office" in page and "<html" not in page


def test_a_bad_category_in_the_search_is_ignored_not_an_error(editor, student, catalog):
    response = editor.get(u("plan_edit", student), {"category": "nonsense"})

    assert response.status_code == 200
    assert len(_shown(response)) == 3


def test_adding_from_the_catalog_twice_adds_it_once(editor, student, catalog):
    address = u("plan_item_add", student)
    editor.post(address, {"template": catalog["elevator"].pk})
    response = editor.post(address, {"template": catalog["elevator"].pk}, follow=True)

    assert draft_of(student).items.filter(template=catalog["elevator"]).count() == 1
    assert "already in this plan" in response.content.decode()


def test_another_clinics_catalog_entry_cannot_be_added(editor, student, other_clinic):
    foreign = factories.AccommodationTemplateFactory(organization=other_clinic)

    response = editor.post(u("plan_item_add", student), {"template": foreign.pk}, follow=True)

    assert "not in your clinic" in response.content.decode()
    assert draft_of(student).items.count() == 3


def test_a_custom_accommodation_sent_twice_is_added_once(editor, student):
    data = {
        "custom-category": Category.SELF_MANAGEMENT,
        "custom-title": "Fidget tool in class",
        "custom-details": "A quiet fidget tool is allowed.",
        "custom-implementer": Implementer.TEACHERS,
        "custom-start_date": "",
    }
    first = editor.post(u("plan_item_custom", student), data)
    second = editor.post(u("plan_item_custom", student), data)

    assert first.status_code == 302
    assert second.status_code == 400 and "already in this plan" in second.content.decode()
    assert draft_of(student).items.filter(title="Fidget tool in class").count() == 1


def test_a_custom_accommodation_needs_details(editor, student):
    response = editor.post(
        u("plan_item_custom", student),
        {
            "custom-category": Category.SELF_MANAGEMENT,
            "custom-title": "X",
            "custom-details": "",
            "custom-implementer": Implementer.TEACHERS,
        },
    )

    assert response.status_code == 400
    assert draft_of(student).items.count() == 3


def test_an_item_can_be_tailored_to_the_student(editor, student):
    item = draft_of(student).items.first()
    prefix = f"item-{item.pk}"
    start = timezone.localdate() + timedelta(days=3)

    response = editor.post(
        u("plan_item_update", student, item.pk),
        {
            f"{prefix}-title": item.title,
            f"{prefix}-details": "Up to 10 minutes, twice a day.",
            f"{prefix}-implementer": Implementer.NURSE,
            f"{prefix}-start_date": start.isoformat(),
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.details == "Up to 10 minutes, twice a day." and item.start_date == start


def test_tailoring_with_empty_details_saves_nothing(editor, student):
    item = draft_of(student).items.first()
    prefix = f"item-{item.pk}"

    response = editor.post(
        u("plan_item_update", student, item.pk),
        {f"{prefix}-title": "New", f"{prefix}-details": "", f"{prefix}-implementer": "nurse"},
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.title != "New"


def test_the_published_version_cannot_be_edited_through_its_items(editor, student):
    published_item = student.plans.get(version=1).items.first()
    prefix = f"item-{published_item.pk}"

    response = editor.post(
        u("plan_item_update", student, published_item.pk),
        {f"{prefix}-title": "Hacked", f"{prefix}-details": "x", f"{prefix}-implementer": "nurse"},
    )

    assert response.status_code == 302
    published_item.refresh_from_db()
    assert published_item.title != "Hacked"


def _order(student):
    return list(draft_of(student).items.order_by("position", "id").values_list("pk", flat=True))


def test_items_move_up_and_a_repeated_click_moves_once(editor, student):
    before = _order(student)
    data = {"direction": "up", "order": ",".join(map(str, before))}

    editor.post(u("plan_item_move", student, before[2]), data)
    editor.post(u("plan_item_move", student, before[2]), data)

    assert _order(student) == [before[0], before[2], before[1]]


def test_items_move_down(editor, student):
    before = _order(student)

    editor.post(
        u("plan_item_move", student, before[0]),
        {"direction": "down", "order": ",".join(map(str, before))},
    )

    assert _order(student) == [before[1], before[0], before[2]]


def test_removing_an_item_twice_is_harmless(editor, student):
    item = draft_of(student).items.first()

    editor.post(u("plan_item_remove", student, item.pk))
    response = editor.post(u("plan_item_remove", student, item.pk), follow=True)

    assert response.status_code == 200
    assert "no longer in the draft" in response.content.decode()
    assert draft_of(student).items.count() == 2


def test_a_review_date_in_the_past_is_refused(editor, student):
    before = draft_of(student).review_date

    response = editor.post(
        u("plan_edit", student),
        {"action": "review_date", "review-review_date": "2020-01-01"},
    )

    assert response.status_code == 400
    assert "must be in the future" in response.content.decode()
    assert draft_of(student).review_date == before


def test_the_preview_shows_what_changed_since_the_published_version(editor, student, catalog):
    editor.post(u("plan_item_add", student), {"template": catalog["pe"].pk})
    removed = draft_of(student).items.first()
    editor.post(u("plan_item_remove", student, removed.pk))

    page = editor.get(u("plan_preview", student)).content.decode()

    assert "What changed since version 1" in page
    assert 'class="diff__added"' in page and "Modified PE participation" in page
    assert 'class="diff__removed"' in page and removed.title in page


def _publish(client, student, **overrides):
    data = {
        "review_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "confirm": "on",
        **overrides,
    }
    return client.post(u("plan_publish", student), data)


def test_publishing_freezes_the_draft_as_the_next_version(editor, student, nurse):
    response = _publish(editor, student)

    assert response.status_code == 302
    plan = AccommodationPlan.objects.get(student=student, version=2)
    assert plan.is_published and plan.content_hash
    assert not AccommodationPlan.objects.filter(student=student, status="draft").exists()


def test_publishing_twice_publishes_once(editor, student):
    _publish(editor, student)
    response = _publish(editor, student)

    assert response.status_code == 302
    assert AccommodationPlan.objects.filter(student=student).count() == 2


def test_an_empty_draft_cannot_be_published(editor, student):
    for item in draft_of(student).items.all():
        editor.post(u("plan_item_remove", student, item.pk))

    response = _publish(editor, student)

    assert response.status_code == 400
    assert "at least one accommodation" in response.content.decode()
    assert draft_of(student).status == "draft"


def test_a_past_review_date_cannot_be_published(editor, student):
    response = _publish(editor, student, review_date="2020-01-01")

    assert response.status_code == 400
    assert "must be in the future" in response.content.decode()
    assert draft_of(student).status == "draft"


def test_publishing_needs_the_confirmation_box(editor, student):
    response = _publish(editor, student, confirm="")

    assert response.status_code == 400
    assert draft_of(student).status == "draft"


def test_discarding_needs_confirmation_and_keeps_the_published_version(editor, student):
    assert editor.post(u("plan_discard", student), {}).status_code == 400
    assert AccommodationPlan.objects.filter(student=student, status="draft").exists()

    response = editor.post(u("plan_discard", student), {"confirm": "on"})

    assert response.status_code == 302
    assert list(
        AccommodationPlan.objects.filter(student=student).values_list("version", "status")
    ) == [(1, "published")]


def test_nonsense_in_the_editors_forms_is_refused_without_an_error_page(editor, student):
    item = draft_of(student).items.first()
    prefix = f"item-{item.pk}"
    before = _order(student)

    responses = [
        editor.post(u("plan_item_add", student), {"template": "abc"}),
        editor.post(u("plan_item_move", student, item.pk), {"direction": "sideways"}),
        editor.post(u("plan_item_move", student, item.pk), {}),
        editor.post(u("plan_item_move", student, 999999), {"direction": "up", "order": ""}),
        editor.post(
            u("plan_item_update", student, item.pk),
            {
                f"{prefix}-title": "T",
                f"{prefix}-details": "D",
                f"{prefix}-implementer": "x",
                f"{prefix}-start_date": "not a date",
            },
        ),
        editor.post(u("plan_edit", student), {"action": "review_date", "review-review_date": "?"}),
        editor.post(u("plan_publish", student), {"review_date": "soon"}),
        editor.get(u("plan_edit", student), {"q": "x" * 500}),
    ]

    assert all(response.status_code < 500 for response in responses)
    assert _order(student) == before
    assert draft_of(student).items.count() == 3


def test_the_editor_pages_answer_get_on_post_only_actions_with_405(editor, student):
    item = draft_of(student).items.first()

    assert editor.get(u("plan_item_add", student)).status_code == 405
    assert editor.get(u("plan_item_remove", student, item.pk)).status_code == 405


def test_opening_the_draft_is_recorded_in_the_audit_log(editor, student, psychologist):
    from portal.audit.models import AuditEvent

    editor.get(u("plan_edit", student))

    assert AuditEvent.objects.filter(
        action="plan_draft.viewed", actor=psychologist, student=student
    ).exists()
