"""Clock arithmetic in each person's own time zone: quiet hours, summary windows, school days."""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings


@lru_cache(maxsize=512)
def local_zone(name: str | None) -> ZoneInfo:
    """The named time zone, or the portal's own when the name is empty or unknown."""
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        return ZoneInfo(settings.TIME_ZONE)


def end_of_quiet_hours(schedule, *, zone: ZoneInfo, now: datetime) -> datetime | None:
    """When the quiet hours that `now` falls in end, or None outside quiet hours."""
    if schedule is None:
        return None
    local = now.astimezone(zone)
    if not schedule.in_quiet_hours(local.time()):
        return None
    end = datetime.combine(local.date(), schedule.quiet_end, tzinfo=zone)
    if end <= local:
        end += timedelta(days=1)
    return end


def school_days_between(start: date, end: date) -> int:
    """Weekdays after `start` up to and including `end` (the day of `start` does not count)."""
    if end <= start:
        return 0
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days
