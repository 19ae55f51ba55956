"""The roles of the platform, kept as Django groups so that Wagtail manages them."""

TEACHERS = "Teachers"
STUDENTS = "Students"
EDITORS = "Editors"
COORDINATORS = "Coordinators"

ALL_ROLES = [TEACHERS, STUDENTS, EDITORS, COORDINATORS]
