"""Letters and share links through the API: the access table for every role."""

import pytest

from accommodations.selectors import access_for
from letters import sharing
from letters.models import Letter, ShareAccess
from tests.api.conftest import url
from tests.api.roles import INSIDERS, ROLES, people


@pytest.fixture
def letters(student, guardian, nurse, issued_letter, letter_draft, letter_template):
    share = sharing.share_letter(
        access=access_for(user=guardian, student=student),
        letter=issued_letter,
        recipient_name="Jordan Nurse",
        recipient_email="nurse@maplegrove.example",
        recipient_role="School nurse",
    ).share
    ShareAccess.objects.create(share=share, kind=ShareAccess.Kind.OPENED)
    return {
        "student": student.pk,
        "signed": issued_letter.pk,
        "draft": letter_draft.pk,
        "share": share.pk,
        "template": letter_template.pk,
    }


READS = {
    "students/{student}/letter-templates/": dict(psychologist=200),
    "students/{student}/letters/": dict(
        psychologist=200, guardian=200, nurse=200, nurse_letters_only=200
    ),
    "students/{student}/letters/{signed}/": dict(
        psychologist=200, guardian=200, nurse=200, nurse_letters_only=200
    ),
    "students/{student}/letters/{draft}/": dict(psychologist=200),
    "students/{student}/letters/{signed}/pdf/": dict(
        psychologist=200, guardian=200, nurse=200, nurse_letters_only=200
    ),
    "students/{student}/letters/{draft}/pdf/": {},
    "students/{student}/letters/{signed}/shares/": dict(
        psychologist=200, guardian=200, nurse=200, nurse_letters_only=200
    ),
    "students/{student}/letters/{signed}/shares/{share}/accesses/": dict(
        psychologist=200, guardian=200
    ),
}


def test_each_role_reads_letters_as_the_table_allows(request, letters, api_as):
    everyone = people(request, ROLES)
    for path, allowed in READS.items():
        for role, user in everyone.items():
            response = api_as(user).get(url(path.format(**letters)))
            assert response.status_code == allowed.get(role, 404), (path, role)


def test_a_draft_preview_is_for_the_care_team_only(request, letters, api_as):
    for role, user in people(request, ROLES).items():
        response = api_as(user).get(
            url("students/{student}/letters/{draft}/preview/".format(**letters))
        )
        if role == "psychologist":
            assert response.status_code == 200
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response).startswith(b"%PDF-")
        else:
            assert response.status_code == 404, role


def test_school_staff_and_the_care_team_see_no_share_links_they_do_not_manage(
    letters, api_as, nurse, psychologist
):
    path = url("students/{student}/letters/{signed}/shares/".format(**letters))
    assert api_as(nurse).get(path).json()["results"] == []
    assert len(api_as(psychologist).get(path).json()["results"]) == 1


WRITES = [
    (
        "post",
        "students/{student}/letters/",
        {"template": "{template}", "recipient_name": "School nurse"},
        dict(psychologist=201),
    ),
    (
        "patch",
        "students/{student}/letters/{draft}/",
        {"subject": "Accommodations at school"},
        dict(psychologist=200),
    ),
    ("delete", "students/{student}/letters/{draft}/", None, dict(psychologist=204)),
    (
        "post",
        "students/{student}/letters/{signed}/revoke/",
        {"reason": "The plan changed."},
        dict(psychologist=200),
    ),
    (
        "post",
        "students/{student}/letters/{signed}/shares/",
        {
            "recipient_name": "Pat Counselor",
            "recipient_email": "counselor@maplegrove.example",
            "recipient_role": "504 coordinator",
            "days": 14,
        },
        dict(guardian=201),
    ),
    (
        "post",
        "students/{student}/letters/{signed}/shares/{share}/revoke/",
        None,
        dict(guardian=200),
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"), WRITES, ids=[f"{m} {p}" for m, p, *_ in WRITES]
)
def test_letter_writes_are_403_for_readers_and_404_outside_scope(
    request, letters, api_as, method, path, body, allowed
):
    if isinstance(body, dict):
        body = {
            key: value.format(**letters) if isinstance(value, str) else value
            for key, value in body.items()
        }
        if "template" in body:
            body["template"] = int(body["template"])
    roles = sorted(ROLES, key=lambda role: role in allowed)
    for role, user in people(request, roles).items():
        response = getattr(api_as(user), method)(url(path.format(**letters)), body, format="json")
        expected = allowed.get(role, 403 if role in INSIDERS else 404)
        assert response.status_code == expected, (role, response.content[:300])


def test_only_the_care_team_signs_and_only_with_the_right_password(
    request, letters, api_as, signing_profile
):
    path = url("students/{student}/letters/{draft}/sign/".format(**letters))
    for role, user in people(request, [r for r in ROLES if r != "psychologist"]).items():
        response = api_as(user).post(path, {"password": "pass-phrase-123"}, format="json")
        assert response.status_code == (403 if role in INSIDERS else 404), role
    psychologist = api_as(request.getfixturevalue("psychologist"))
    wrong = psychologist.post(path, {"password": "not it"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["field_errors"] == {"password": ["That password is not right."]}
    assert Letter.objects.get(pk=letters["draft"]).status == Letter.Status.DRAFT
    signed = psychologist.post(path, {"password": "pass-phrase-123"}, format="json")
    assert signed.status_code == 200
    assert signed.json()["status"] == "signed"
    assert signed.json()["verification_code"]
