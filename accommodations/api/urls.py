from django.urls import path

from accommodations.api.views import plans, records, students

S = "students/<int:student_id>/"

urlpatterns = [
    path("students/", students.StudentList.as_view(), name="student-list"),
    path(S, students.StudentDetail.as_view(), name="student-detail"),
    path("schools/", students.SchoolList.as_view(), name="school-list"),
    path("catalog/", students.CatalogList.as_view(), name="catalog-list"),
    path("catalog/<int:template_id>/", students.CatalogDetail.as_view(), name="catalog-detail"),
    # Plans
    path(S + "plan/", plans.CurrentPlan.as_view(), name="plan-current"),
    path(S + "plan/versions/", plans.PlanVersionList.as_view(), name="plan-version-list"),
    path(
        S + "plan/versions/<int:version>/",
        plans.PlanVersionDetail.as_view(),
        name="plan-version-detail",
    ),
    path(S + "plan/draft/", plans.Draft.as_view(), name="plan-draft"),
    path(S + "plan/draft/items/", plans.DraftItemList.as_view(), name="plan-draft-item-list"),
    path(
        S + "plan/draft/items/<int:item_id>/",
        plans.DraftItemDetail.as_view(),
        name="plan-draft-item-detail",
    ),
    path(
        S + "plan/draft/items/<int:item_id>/move/",
        plans.DraftItemMove.as_view(),
        name="plan-draft-item-move",
    ),
    path(S + "plan/draft/publish/", plans.PublishDraft.as_view(), name="plan-draft-publish"),
    path(
        S + "plan/acknowledgements/",
        plans.AcknowledgementList.as_view(),
        name="acknowledgement-list",
    ),
    path(
        S + "plan/acknowledgement-status/",
        plans.AcknowledgementStatus.as_view(),
        name="acknowledgement-status",
    ),
    # Notes, check-ins, messages to school, releases
    path(S + "notes/", records.NoteList.as_view(), name="note-list"),
    path(S + "notes/<int:note_id>/", records.NoteDetail.as_view(), name="note-detail"),
    path(S + "notes/<int:note_id>/addenda/", records.NoteAddendum.as_view(), name="note-addendum"),
    path(S + "checkins/", records.CheckInList.as_view(), name="checkin-list"),
    path(S + "checkins/<int:checkin_id>/", records.CheckInDetail.as_view(), name="checkin-detail"),
    path(S + "school-messages/", records.SchoolMessageList.as_view(), name="school-message-list"),
    path(S + "releases/", records.ReleaseList.as_view(), name="release-list"),
    path(S + "releases/<int:release_id>/", records.ReleaseDetail.as_view(), name="release-detail"),
    path(
        S + "releases/<int:release_id>/revoke/",
        records.ReleaseRevoke.as_view(),
        name="release-revoke",
    ),
]
