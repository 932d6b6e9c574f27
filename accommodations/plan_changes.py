"""What changed between two versions of a student's plan, in words a reader can follow.

Items are matched by the catalog accommodation they came from, else by title, so a tailored
accommodation reads as "changed" rather than as one removed and another added.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accommodations.models import AccommodationPlan, Category, Implementer, PlanItem

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    """One field of one accommodation, before and after, as text."""

    name: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class PlanChange:
    """One accommodation added, removed or changed between two versions."""

    kind: str  # ADDED, REMOVED or CHANGED
    title: str
    category_label: str
    before: PlanItem | None
    after: PlanItem | None
    field_changes: list[FieldChange] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {ADDED: _("Added"), REMOVED: _("Removed"), CHANGED: _("Changed")}[self.kind]


def _category_label(value: str) -> str:
    try:
        return str(Category(value).label)
    except ValueError:
        return value


def _implementer_label(value: str) -> str:
    try:
        return str(Implementer(value).label)
    except ValueError:
        return value


def _date_text(value: date | None) -> str:
    return date_format(value) if value else _("from the start of the plan")


def _compared_fields() -> list[tuple[str, str, object]]:
    return [
        ("title", _("Title"), str),
        ("category", _("Category"), _category_label),
        ("details", _("Details"), str),
        ("implementer", _("Carried out by"), _implementer_label),
        ("start_date", _("Starts"), _date_text),
    ]


def _field_changes(before: PlanItem, after: PlanItem) -> list[FieldChange]:
    changes = []
    for name, label, as_text in _compared_fields():
        old_value, new_value = getattr(before, name), getattr(after, name)
        if name in ("title", "details"):
            if (old_value or "").strip() == (new_value or "").strip():
                continue
        elif old_value == new_value:
            continue
        changes.append(
            FieldChange(name=name, label=label, before=as_text(old_value), after=as_text(new_value))
        )
    return changes


def _title_key(item: PlanItem) -> str:
    return " ".join(item.title.split()).casefold()


def _pair_items(old_items: list[PlanItem], new_items: list[PlanItem]) -> dict[int, PlanItem]:
    """Map the index of each new item to the old item it continues, if any."""
    pairs: dict[int, PlanItem] = {}
    unmatched_old = list(old_items)
    by_template = {item.template_id: item for item in old_items if item.template_id is not None}
    for index, item in enumerate(new_items):
        if item.template_id is not None and item.template_id in by_template:
            match = by_template.pop(item.template_id)
            pairs[index] = match
            unmatched_old.remove(match)
    for index, item in enumerate(new_items):
        if index in pairs:
            continue
        key = _title_key(item)
        match = next((old for old in unmatched_old if _title_key(old) == key), None)
        if match is not None:
            pairs[index] = match
            unmatched_old.remove(match)
    return pairs


def diff_plans(old: AccommodationPlan | None, new: AccommodationPlan) -> list[PlanChange]:
    """The accommodations added, changed and removed going from `old` to `new`.

    Changes follow the order of the new version, with removed accommodations last. Uses
    prefetched items when the plans carry them.
    """
    old_items = list(old.items.all()) if old is not None else []
    new_items = list(new.items.all())
    pairs = _pair_items(old_items, new_items)
    continued = {id(item) for item in pairs.values()}
    changes: list[PlanChange] = []
    for index, item in enumerate(new_items):
        before = pairs.get(index)
        if before is None:
            changes.append(
                PlanChange(
                    kind=ADDED,
                    title=item.title,
                    category_label=_category_label(item.category),
                    before=None,
                    after=item,
                )
            )
            continue
        field_changes = _field_changes(before, item)
        if field_changes:
            changes.append(
                PlanChange(
                    kind=CHANGED,
                    title=item.title,
                    category_label=_category_label(item.category),
                    before=before,
                    after=item,
                    field_changes=field_changes,
                )
            )
    for item in old_items:
        if id(item) not in continued:
            changes.append(
                PlanChange(
                    kind=REMOVED,
                    title=item.title,
                    category_label=_category_label(item.category),
                    before=item,
                    after=None,
                )
            )
    return changes
