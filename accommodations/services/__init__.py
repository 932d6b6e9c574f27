"""Every write to students' plans, notes, check-ins and releases goes through here.

Pages and the API call the same functions, so a rule is written once. Functions that refuse
raise ServiceError with a message meant for the user; nothing is saved in that case.
"""

from accommodations.services.care_team import remove_care_team_member, update_student_profile
from accommodations.services.checkins import submit_checkin
from accommodations.services.device_card import update_device_card
from accommodations.services.errors import ServiceError
from accommodations.services.notes import add_note, edit_note
from accommodations.services.plans import (
    acknowledge_plan,
    add_custom_item,
    add_item_from_template,
    discard_draft,
    move_item,
    publish_plan,
    remove_item,
    set_review_date,
    start_draft,
    update_item,
)
from accommodations.services.releases import grant_release, revoke_release

__all__ = [
    "ServiceError",
    "start_draft",
    "add_item_from_template",
    "add_custom_item",
    "update_item",
    "remove_item",
    "move_item",
    "set_review_date",
    "publish_plan",
    "discard_draft",
    "acknowledge_plan",
    "add_note",
    "edit_note",
    "submit_checkin",
    "grant_release",
    "revoke_release",
    "update_device_card",
    "remove_care_team_member",
    "update_student_profile",
]
