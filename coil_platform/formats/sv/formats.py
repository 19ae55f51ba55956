# Swedish dates and times, 24-hour clock ("5 oktober 2026 kl. 18:44"); the same names as
# coil_platform/formats/en/formats.py, which says how they are used.
DATE_FORMAT = "j F Y"  # 5 oktober 2026
TIME_FORMAT = "H:i"  # 18:44
DATETIME_FORMAT = r"j F Y \k\l. H:i"  # 5 oktober 2026 kl. 18:44
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-10-05
SHORT_DATETIME_FORMAT = "Y-m-d H:i"  # 2026-10-05 18:44
YEAR_MONTH_FORMAT = "F Y"  # oktober 2026
MONTH_DAY_FORMAT = "j F"  # 5 oktober
WEEKDAY_FORMAT = "l"  # måndag
WEEKDAY_DATE_FORMAT = "l j F Y"  # måndag 5 oktober 2026
WEEKDAY_TIME_FORMAT = "l H:i"  # måndag 18:44
WEEKDAY_DATETIME_FORMAT = r"l j F Y \k\l. H:i"  # måndag 5 oktober 2026 kl. 18:44
FIRST_DAY_OF_WEEK = 1  # Monday
