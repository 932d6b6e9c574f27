"""Tamper evidence: every audit row is hashed over its content and the row before it."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from portal.audit import chain
from portal.audit.actions import AuditAction
from portal.audit.models import AuditEvent
from portal.audit.services import record_event


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.fixture
def three_events(student, psychologist, guardian):
    return [
        record_event(actor=psychologist, action=AuditAction.STUDENT_VIEWED, student=student),
        record_event(
            actor=guardian,
            action=AuditAction.CHECKIN_SUBMITTED,
            student=student,
            extra={"week": "2026-11-30", "nested": {"b": 1, "a": [1, 2]}},
        ),
        record_event(actor=psychologist, action=AuditAction.NOTES_VIEWED, student=student),
    ]


def test_each_row_links_to_the_one_before(three_events):
    first, second, third = three_events

    assert first.previous_hash == chain.GENESIS
    assert second.previous_hash == first.row_hash
    assert third.previous_hash == second.row_hash
    assert "3 events" in verify()


def test_the_hash_read_back_from_the_database_matches_the_one_written(three_events):
    for written in three_events:
        stored = AuditEvent.objects.get(pk=written.pk)
        assert chain.hash_of(stored.previous_hash, stored) == stored.row_hash


def test_an_action_outside_the_closed_list_is_refused(student):
    with pytest.raises(ValueError):
        record_event(action="student.peeked", student=student)


def _without_the_trigger():
    """On PostgreSQL the table refuses changes; a superuser can switch the trigger off, as an
    intruder with the database's keys could, to show verify_audit still finds the change."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")


def test_a_row_changed_with_sql_is_named_by_verify_audit(three_events):
    _without_the_trigger()
    changed = three_events[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_label = %s WHERE id = %s",
            ["someone-else@example.com", changed.pk],
        )

    with pytest.raises(CommandError, match=f"event {changed.pk}: its content was changed"):
        verify()


def test_a_row_removed_with_sql_breaks_the_link_of_the_next(three_events):
    _without_the_trigger()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [three_events[1].pk])

    with pytest.raises(CommandError, match=f"event {three_events[2].pk}: its link"):
        verify()


def test_verify_audit_exits_non_zero_on_a_break(three_events):
    _without_the_trigger()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = 'plan.viewed' WHERE id = %s", [three_events[0].pk]
        )

    with pytest.raises(CommandError) as raised:
        verify()
    assert raised.value.returncode == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET actor_label = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_on_postgresql_the_table_itself_refuses_changes(three_events, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [three_events[0].pk])


def test_the_orm_refuses_changes_too(three_events):
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=three_events[0].pk).update(actor_label="x")
    with pytest.raises(TypeError):
        three_events[0].delete()


def test_verify_audit_passes_on_the_demo_data(db, settings, tmp_path):
    call_command("load_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert AuditEvent.objects.exists()
    assert "each linked to the one before" in verify()
