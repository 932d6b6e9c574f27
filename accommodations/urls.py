from django.urls import path

from accommodations.views import (
    caseload,
    device_card,
    family,
    notes,
    plan,
    plan_editor,
    roster,
    school,
    student,
)

app_name = "accommodations"

S = "students/<int:student_id>/"

urlpatterns = [
    # Starting pages, one per role
    path("caseload/", caseload.caseload, name="caseload"),
    path("children/", family.my_children, name="my_children"),
    path("school/students/", school.my_students, name="my_students"),
    # One student
    path(S, student.student_detail, name="student"),
    path(S + "edit/", student.edit_profile, name="student_edit"),
    path(
        S + "care-team/<int:member_id>/remove/",
        student.remove_care_team_member,
        name="care_team_remove",
    ),
    path(S + "device-card/", device_card.device_card, name="device_card"),
    path(S + "device-card/edit/", device_card.edit_device_card, name="device_card_edit"),
    # The published plan, for every reader; its versions
    path(S + "plan/", plan.current_plan, name="plan"),
    path(S + "plan/versions/<int:version>/", plan.plan_version, name="plan_version"),
    # The plan editor (care team)
    path(S + "plan/edit/", plan_editor.edit_plan, name="plan_edit"),
    path(S + "plan/edit/add/", plan_editor.add_item, name="plan_item_add"),
    path(S + "plan/edit/custom/", plan_editor.add_custom_item, name="plan_item_custom"),
    path(S + "plan/edit/items/<int:item_id>/", plan_editor.update_item, name="plan_item_update"),
    path(
        S + "plan/edit/items/<int:item_id>/remove/",
        plan_editor.remove_item,
        name="plan_item_remove",
    ),
    path(S + "plan/edit/items/<int:item_id>/move/", plan_editor.move_item, name="plan_item_move"),
    path(S + "plan/edit/preview/", plan_editor.preview, name="plan_preview"),
    path(S + "plan/edit/publish/", plan_editor.publish, name="plan_publish"),
    path(S + "plan/edit/discard/", plan_editor.discard, name="plan_discard"),
    # School staff acknowledge the current version
    path(S + "plan/acknowledge/", school.acknowledge, name="acknowledge"),
    path(S + "school-updates/", school.school_updates, name="school_updates"),
    # Care notes
    path(S + "notes/", notes.notes, name="notes"),
    path(S + "notes/<int:note_id>/edit/", notes.edit_note, name="note_edit"),
    path(S + "notes/<int:note_id>/addendum/", notes.add_addendum, name="note_addendum"),
    # The family's weekly check-ins and releases
    path(S + "checkins/", family.checkins, name="checkins"),
    path(S + "checkins/new/", family.new_checkin, name="checkin_new"),
    path(S + "releases/", family.releases, name="releases"),
    path(S + "who-has-looked/", family.who_has_looked, name="who_has_looked"),
    path(S + "releases/new/", family.grant_release, name="release_new"),
    path(S + "releases/<int:release_id>/revoke/", family.revoke_release, name="release_revoke"),
    path(S + "school-staff-requests/new/", roster.new_staff_request, name="staff_request_new"),
    # School rosters: who works at a school, as the clinic or the school vouches
    path("schools/", roster.schools, name="schools"),
    path("schools/new/", roster.add_school, name="school_new"),
    path("schools/<int:school_id>/", roster.school_roster, name="school_roster"),
    path("schools/<int:school_id>/edit/", roster.change_school, name="school_edit"),
    path(
        "schools/<int:school_id>/staff/<int:staff_id>/remove/",
        roster.remove_staff,
        name="school_staff_remove",
    ),
    path(
        "schools/requests/<int:staff_request_id>/confirm/",
        roster.answer_staff_request,
        {"answer": "confirm"},
        name="staff_request_confirm",
    ),
    path(
        "schools/requests/<int:staff_request_id>/decline/",
        roster.answer_staff_request,
        {"answer": "decline"},
        name="staff_request_decline",
    ),
]
