"""Time arithmetic across partner institutions: shared working hours and local times.

Everything here is pure (no database); datetimes in and out are aware. Other parts of the
platform reuse these functions, for example to find meeting times for a student group.
"""

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format

UTC = datetime.UTC

Zone = str | zoneinfo.ZoneInfo | datetime.tzinfo


def as_zone(zone: Zone) -> datetime.tzinfo:
    """A tzinfo for an IANA name or a tzinfo (raises ZoneInfoNotFoundError for unknown names)."""
    if isinstance(zone, datetime.tzinfo):
        return zone
    return zoneinfo.ZoneInfo(zone)


def _working_intervals(zone, first_day, last_day, work_start, work_end):
    """UTC intervals of weekday working hours in `zone` for local days first_day..last_day."""
    intervals = []
    day = first_day
    while day <= last_day:
        if day.weekday() < 5:
            # A wall-clock time that falls in a DST gap or fold resolves as PEP 495 says
            # (fold=0); converting through UTC gives the instant the clock actually shows.
            start = datetime.datetime.combine(day, work_start, zone).astimezone(UTC)
            end = datetime.datetime.combine(day, work_end, zone).astimezone(UTC)
            if start < end:
                intervals.append((start, end))
        day += datetime.timedelta(days=1)
    return intervals


def _intersect(left, right):
    """Intersection of two sorted lists of disjoint [start, end) intervals."""
    result = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            result.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def _merge(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def golden_hours(
    zones: Iterable[Zone],
    start: datetime.date,
    days: int = 7,
    work_start: datetime.time = datetime.time(8),
    work_end: datetime.time = datetime.time(18),
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The "golden hours": when it is a weekday between work_start and work_end everywhere.

    Returns sorted, merged, aware UTC intervals [start, end) that lie within
    [start 00:00 UTC, start + days 00:00 UTC) during which it is Monday to Friday and
    between `work_start` and `work_end` local time in every one of `zones` (IANA names or
    tzinfo objects). Daylight-saving changes and zones with half-hour offsets are handled
    day by day. No zones, or no overlap, gives an empty list.
    """
    if work_start >= work_end:
        raise ValueError("work_start must be earlier than work_end")
    if days < 0:
        raise ValueError("days must not be negative")
    tzinfos = []
    for zone in zones:
        tz = as_zone(zone)
        if tz not in tzinfos:
            tzinfos.append(tz)
    if not tzinfos or days == 0:
        return []
    window_start = datetime.datetime.combine(start, datetime.time(0), UTC)
    window_end = window_start + datetime.timedelta(days=days)
    # A local day may begin up to 14 hours before or after the UTC day: look one day
    # further on each side and clip afterwards.
    first_day = start - datetime.timedelta(days=1)
    last_day = start + datetime.timedelta(days=days)
    common = [(window_start, window_end)]
    for tz in tzinfos:
        common = _intersect(
            common, _merge(_working_intervals(tz, first_day, last_day, work_start, work_end))
        )
        if not common:
            return []
    return _merge(common)


@dataclass(frozen=True)
class Place:
    """A labelled time zone, such as a partner institution's city."""

    label: str
    zone: datetime.tzinfo


def as_place(place) -> Place:
    """A Place from a Place, a (label, zone) pair, or an Institution (`city`, `timezone`)."""
    if isinstance(place, Place):
        return place
    if isinstance(place, tuple):
        label, zone = place
        return Place(str(label), as_zone(zone))
    return Place(place.city or place.short_name, as_zone(place.timezone))


def distinct_places(places) -> list[Place]:
    """Places in the given order, dropping repeats of the same label and zone."""
    result = []
    for place in places:
        place = as_place(place)
        if place not in result:
            result.append(place)
    return result


@dataclass(frozen=True)
class LocalTime:
    place: Place
    time: datetime.datetime  # aware, in place.zone
    other_day: bool  # the local date differs from the date in the reference zone

    def __str__(self):
        return format_local_time(self)


def local_times(instant: datetime.datetime, places, reference: Zone = UTC) -> list[LocalTime]:
    """The wall-clock time of `instant` at each place (institutions, Places or (label, zone)).

    `other_day` marks places where the local date is not the date in `reference` (usually the
    viewer's time zone), so that "00:30 Tue Kolkata" can say which day it is.
    """
    if instant.tzinfo is None:
        raise ValueError("instant must be an aware datetime")
    reference_date = instant.astimezone(as_zone(reference)).date()
    result = []
    for place in distinct_places(places):
        local = instant.astimezone(place.zone)
        result.append(LocalTime(place, local, local.date() != reference_date))
    return result


def format_local_time(local: LocalTime) -> str:
    """'14:00 Oslo', or '00:30 Tuesday Kolkata' when the day differs from the viewer's."""
    parts = [date_format(local.time, "TIME_FORMAT")]
    if local.other_day:
        parts.append(date_format(local.time, "WEEKDAY_FORMAT"))
    parts.append(local.place.label)
    return " ".join(parts)


@dataclass(frozen=True)
class DailyWindow:
    """Golden hours that repeat on several days at the same wall-clock times in one zone."""

    first_day: datetime.date
    last_day: datetime.date
    start: datetime.datetime  # aware; the first occurrence, in the zone it was computed for
    end: datetime.datetime
    weekdays: tuple[int, ...]  # Monday = 0


def daily_windows(intervals, zone: Zone) -> list[DailyWindow]:
    """Group golden-hour intervals by their wall-clock times in `zone`.

    A week of identical 09:00–13:30 windows becomes one row; a daylight-saving change that
    moves the window starts a new row. Intervals that cross local midnight are kept whole.
    """
    tz = as_zone(zone)
    windows = []
    for start_utc, end_utc in intervals:
        start, end = start_utc.astimezone(tz), end_utc.astimezone(tz)
        key = (start.time(), end.time(), (end.date() - start.date()).days)
        last = windows[-1] if windows else None
        if last is not None and last["key"] == key:
            last["last_day"] = start.date()
            last["weekdays"].add(start.weekday())
        else:
            windows.append(
                {
                    "key": key,
                    "first_day": start.date(),
                    "last_day": start.date(),
                    "start": start,
                    "end": end,
                    "weekdays": {start.weekday()},
                }
            )
    return [
        DailyWindow(
            w["first_day"], w["last_day"], w["start"], w["end"], tuple(sorted(w["weekdays"]))
        )
        for w in windows
    ]


def local_ranges(start: datetime.datetime, end: datetime.datetime, places) -> list[str]:
    """['08:00–13:30 Oslo', '12:30–18:00 Kolkata']: an interval in wall-clock times per place."""
    parts = []
    for place in distinct_places(places):
        local_start, local_end = start.astimezone(place.zone), end.astimezone(place.zone)
        parts.append(
            f"{date_format(local_start, 'TIME_FORMAT')}–{date_format(local_end, 'TIME_FORMAT')} "
            f"{place.label}"
        )
    return parts
