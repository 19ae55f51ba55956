"""Golden hours and local times across partner institutions (pure functions, no database)."""

import datetime
import zoneinfo

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from modules.scheduling import (
    Place,
    daily_windows,
    golden_hours,
    local_ranges,
    local_times,
)

UTC = datetime.UTC


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def weekdays(first_monday, start, end):
    """(start, end) in UTC on the five weekdays of the week beginning first_monday."""
    return [
        (
            utc(first_monday.year, first_monday.month, first_monday.day, *start)
            + datetime.timedelta(days=n),
            utc(first_monday.year, first_monday.month, first_monday.day, *end)
            + datetime.timedelta(days=n),
        )
        for n in range(5)
    ]


def test_same_zone_partners_share_the_whole_working_day():
    # Oslo and Leuven are both UTC+1 in February: 08:00–18:00 local is 07:00–17:00 UTC.
    hours = golden_hours(["Europe/Oslo", "Europe/Brussels"], datetime.date(2027, 2, 1))
    assert hours == weekdays(datetime.date(2027, 2, 1), (7, 0), (17, 0))


def test_half_hour_offset_of_kolkata():
    # Kolkata (UTC+5:30) works 02:30–12:30 UTC, Oslo 07:00–17:00 UTC.
    hours = golden_hours(
        ["Europe/Oslo", zoneinfo.ZoneInfo("Asia/Kolkata")], datetime.date(2027, 2, 1)
    )
    assert hours == weekdays(datetime.date(2027, 2, 1), (7, 0), (12, 30))


def test_european_summer_time_moves_the_window_an_hour_earlier():
    # Europe changes to summer time on Sunday 28 March 2027; Kolkata has no DST.
    hours = golden_hours(["Europe/Oslo", "Asia/Kolkata"], datetime.date(2027, 3, 22), days=14)
    assert hours == weekdays(datetime.date(2027, 3, 22), (7, 0), (12, 30)) + weekdays(
        datetime.date(2027, 3, 29), (6, 0), (12, 30)
    )


def test_american_and_european_changes_on_different_sundays():
    # New York moves on 14 March, Oslo on 28 March: three different windows.
    hours = golden_hours(["America/New_York", "Europe/Oslo"], datetime.date(2027, 3, 8), days=28)
    assert hours == (
        weekdays(datetime.date(2027, 3, 8), (13, 0), (17, 0))
        + weekdays(datetime.date(2027, 3, 15), (12, 0), (17, 0))
        + weekdays(datetime.date(2027, 3, 22), (12, 0), (17, 0))
        + weekdays(datetime.date(2027, 3, 29), (12, 0), (16, 0))
    )


def test_no_overlap_between_oslo_and_honolulu():
    assert golden_hours(["Europe/Oslo", "Pacific/Honolulu"], datetime.date(2027, 2, 1)) == []


def test_weekdays_are_local_and_intervals_are_clipped_to_the_window():
    # Monday 08:00 in Auckland (UTC+13) is Sunday 19:00 UTC; the window is the UTC week.
    hours = golden_hours(["Pacific/Auckland"], datetime.date(2027, 2, 1))
    assert hours == [
        (utc(2027, 2, 1, 0), utc(2027, 2, 1, 5)),
        (utc(2027, 2, 1, 19), utc(2027, 2, 2, 5)),
        (utc(2027, 2, 2, 19), utc(2027, 2, 3, 5)),
        (utc(2027, 2, 3, 19), utc(2027, 2, 4, 5)),
        (utc(2027, 2, 4, 19), utc(2027, 2, 5, 5)),
        (utc(2027, 2, 7, 19), utc(2027, 2, 8, 0)),
    ]


def test_custom_working_hours_and_duplicate_zones():
    hours = golden_hours(
        ["Europe/Oslo", "Europe/Oslo", zoneinfo.ZoneInfo("Europe/Oslo")],
        datetime.date(2027, 2, 1),
        days=1,
        work_start=datetime.time(9, 30),
        work_end=datetime.time(11),
    )
    assert hours == [(utc(2027, 2, 1, 8, 30), utc(2027, 2, 1, 10))]


def test_no_zones_or_no_days_give_nothing_and_bad_hours_are_refused():
    assert golden_hours([], datetime.date(2027, 2, 1)) == []
    assert golden_hours(["UTC"], datetime.date(2027, 2, 1), days=0) == []
    with pytest.raises(ValueError):
        golden_hours(
            ["UTC"],
            datetime.date(2027, 2, 1),
            work_start=datetime.time(18),
            work_end=datetime.time(8),
        )
    with pytest.raises(zoneinfo.ZoneInfoNotFoundError):
        golden_hours(["Mars/Olympus_Mons"], datetime.date(2027, 2, 1))


ZONES = [
    "Europe/Oslo",
    "Europe/Brussels",
    "Asia/Kolkata",
    "America/New_York",
    "Pacific/Auckland",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Australia/Adelaide",
    "UTC",
]


def is_golden(instant, zones, work_start=datetime.time(8), work_end=datetime.time(18)):
    for name in zones:
        local = instant.astimezone(zoneinfo.ZoneInfo(name))
        if local.weekday() >= 5 or not (work_start <= local.time() < work_end):
            return False
    return True


@settings(max_examples=60, deadline=None)
@given(
    zones=st.lists(st.sampled_from(ZONES), min_size=1, max_size=3),
    start=st.dates(datetime.date(2026, 1, 1), datetime.date(2028, 12, 31)),
    days=st.integers(1, 10),
    probes=st.lists(st.integers(0, 10 * 24 * 60 - 1), min_size=5, max_size=40),
)
def test_golden_hours_are_exactly_the_shared_working_time(zones, start, days, probes):
    hours = golden_hours(zones, start, days)
    window_start = datetime.datetime.combine(start, datetime.time(0), UTC)
    window_end = window_start + datetime.timedelta(days=days)
    for (_start_a, end_a), (start_b, _end_b) in zip(hours, hours[1:], strict=False):
        assert end_a < start_b, "intervals are sorted, disjoint and not adjacent"
    for begin, end in hours:
        assert window_start <= begin < end <= window_end
        assert begin.tzinfo is UTC
        assert is_golden(begin, zones)
        assert is_golden(end - datetime.timedelta(microseconds=1), zones)
    for minute in probes:
        instant = window_start + datetime.timedelta(minutes=minute)
        if instant >= window_end:
            continue
        inside = any(begin <= instant < end for begin, end in hours)
        assert inside == is_golden(instant, zones), instant


class Institution:
    def __init__(self, city, timezone):
        self.city, self.timezone, self.short_name = city, timezone, city


def at_partners(instant, places, reference=UTC):
    """The local times as the module page shows them: '14:00 Oslo · 18:30 Kolkata'."""
    return " · ".join(str(local) for local in local_times(instant, places, reference))


OSLO = Institution("Oslo", "Europe/Oslo")
LEUVEN = Institution("Leuven", "Europe/Brussels")
KOLKATA = Institution("Kolkata", "Asia/Kolkata")


def test_local_times_at_each_partner():
    instant = utc(2027, 2, 10, 13, 0)
    assert at_partners(instant, [OSLO, LEUVEN, KOLKATA]) == (
        "14:00 Oslo · 14:00 Leuven · 18:30 Kolkata"
    )


def test_local_times_after_the_spring_change():
    # The same 13:00 UTC is 15:00 in Oslo once summer time has begun; Kolkata stays.
    instant = utc(2027, 3, 31, 13, 0)
    assert at_partners(instant, [OSLO, LEUVEN, KOLKATA]) == (
        "15:00 Oslo · 15:00 Leuven · 18:30 Kolkata"
    )


def test_local_time_on_another_day_names_the_day():
    # 19:00 UTC on Wednesday is 00:30 on Thursday in Kolkata.
    instant = utc(2027, 2, 10, 19, 0)
    text = at_partners(instant, [OSLO, KOLKATA], reference="Europe/Oslo")
    assert text == "20:00 Oslo · 00:30 Thursday Kolkata"
    with translation.override("nb"):
        assert at_partners(instant, [OSLO, KOLKATA], reference="Europe/Oslo") == (
            "20:00 Oslo · 00:30 torsdag Kolkata"
        )


def test_local_times_accept_places_and_drop_repeats():
    instant = utc(2027, 2, 10, 13, 0)
    times = local_times(
        instant,
        [("Oslo", "Europe/Oslo"), OSLO, Place("Leuven", zoneinfo.ZoneInfo("Europe/Brussels"))],
    )
    assert [(t.place.label, t.time.hour) for t in times] == [("Oslo", 14), ("Leuven", 14)]
    with pytest.raises(ValueError):
        local_times(datetime.datetime(2027, 2, 10, 13), [OSLO])


def test_daily_windows_group_weeks_until_the_clock_changes():
    hours = golden_hours(["Europe/Oslo", "Asia/Kolkata"], datetime.date(2027, 3, 22), days=14)
    windows = daily_windows(hours, "Asia/Kolkata")
    # In Kolkata the window starts an hour earlier after Europe's change and ends at 18:00.
    assert [
        (w.first_day, w.last_day, w.start.strftime("%H:%M"), w.end.strftime("%H:%M"), w.weekdays)
        for w in windows
    ] == [
        (datetime.date(2027, 3, 22), datetime.date(2027, 3, 26), "12:30", "18:00", (0, 1, 2, 3, 4)),
        (datetime.date(2027, 3, 29), datetime.date(2027, 4, 2), "11:30", "18:00", (0, 1, 2, 3, 4)),
    ]
    oslo = daily_windows(hours, "Europe/Oslo")
    assert [(w.start.strftime("%H:%M"), w.end.strftime("%H:%M")) for w in oslo] == [
        ("08:00", "13:30"),
        ("08:00", "14:30"),
    ]


def test_local_ranges_of_a_golden_window():
    start, end = golden_hours(["Europe/Oslo", "Asia/Kolkata"], datetime.date(2027, 2, 1))[0]
    assert " · ".join(local_ranges(start, end, [OSLO, LEUVEN, KOLKATA])) == (
        "08:00–13:30 Oslo · 08:00–13:30 Leuven · 12:30–18:00 Kolkata"
    )
