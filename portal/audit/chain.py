"""The audit log's hash chain: each row's hash covers its content and the previous row's hash,
so changing, removing or inserting a row anywhere breaks every hash after it.

The content is serialised the same way whether the row is about to be written or was read back
from the database (times in UTC, addresses normalised, `extra` with sorted keys), so
`manage.py verify_audit` recomputes exactly what was written.
"""

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC

GENESIS = "0" * 64


def _address(value) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        return str(value)


def content_of(row) -> bytes:
    """The bytes a row's hash covers: every field but its id and its own hashes."""
    fields = [
        row.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        row.actor_id,
        row.actor_label,
        row.organization_id,
        row.action,
        row.student_id,
        row.target_type,
        row.target_id,
        _address(row.ip_address),
        row.user_agent,
        row.extra,
    ]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def hash_of(previous_hash: str, row) -> str:
    return hashlib.sha256(previous_hash.encode("ascii") + b"\n" + content_of(row)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first row where the chain does not hold, and why."""

    row_id: int
    reason: str


def first_break(rows) -> Break | None:
    """Walk rows in id order; the first whose link or content does not match, or None."""
    previous = GENESIS
    for row in rows:
        if row.previous_hash != previous:
            return Break(
                row.id,
                "its link to the row before does not match: a row before it was removed, "
                "inserted or changed",
            )
        if hash_of(previous, row) != row.row_hash:
            return Break(row.id, "its content was changed after it was written")
        previous = row.row_hash
    return None
