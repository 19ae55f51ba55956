# English dates and times: day before month, 24-hour clock ("5 October 2026, 18:44").
# Every language has the same names (coil_platform/formats/*/formats.py); templates use
# them as `|date:"DATETIME_FORMAT"`, Python as `formats.date_format(value, "TIME_FORMAT")`,
# and accounts/static/accounts/times.js draws the same styles in the browser.
DATE_FORMAT = "j F Y"  # 5 October 2026
TIME_FORMAT = "H:i"  # 18:44
DATETIME_FORMAT = "j F Y, H:i"  # 5 October 2026, 18:44
SHORT_DATE_FORMAT = "j M Y"  # 5 Oct 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 5 Oct 2026, 18:44
YEAR_MONTH_FORMAT = "F Y"  # October 2026
MONTH_DAY_FORMAT = "j F"  # 5 October
WEEKDAY_FORMAT = "l"  # Monday
WEEKDAY_DATE_FORMAT = "l j F Y"  # Monday 5 October 2026
WEEKDAY_TIME_FORMAT = "l H:i"  # Monday 18:44
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"  # Monday 5 October 2026, 18:44
FIRST_DAY_OF_WEEK = 1  # Monday
