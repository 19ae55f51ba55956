"""Demo institutions and accounts (DESIGN.md section 4)."""

from django.contrib.auth.models import Group

from .models import Institution, Sector, User
from .roles import ALL_ROLES, COORDINATORS, EDITORS, STUDENTS, TEACHERS

DEMO_PASSWORD = "coil-demo-2026"

INSTITUTIONS = [
    {
        "short_name": "OsloMet",
        "name": "OsloMet – Oslo Metropolitan University",
        "country": "NO",
        "city": "Oslo",
        "sector": Sector.HIGHER,
        "website": "https://www.oslomet.no/en",
        "timezone": "Europe/Oslo",
        "description": (
            "Norway's third-largest university. Its early childhood teacher education "
            "runs COIL modules and blended intensive programmes with partners abroad."
        ),
    },
    {
        "short_name": "UCLL",
        "name": "UC Leuven-Limburg",
        "country": "BE",
        "city": "Leuven",
        "sector": Sector.HIGHER,
        "website": "https://www.ucll.be/en",
        "timezone": "Europe/Brussels",
        "description": (
            "University college in Flanders with a large teacher-education programme; "
            "a long-standing COIL and BIP partner of OsloMet."
        ),
    },
    {
        "short_name": "NCI",
        "name": "Nordic Centre in India",
        "country": "IN",
        "city": "Kolkata",
        "sector": Sector.HIGHER,
        "website": "https://www.nordiccentreindia.com",
        "timezone": "Asia/Kolkata",
        "description": (
            "A consortium of Nordic universities that hosts practical exchanges of at "
            "least three months in India."
        ),
    },
]

# username, display name, role, institution short name, time zone, language
ACCOUNTS = [
    ("editor", "Eva Editor", EDITORS, None, "Europe/Oslo", "en"),
    ("teacher.oslo", "Ingrid Hansen", TEACHERS, "OsloMet", "Europe/Oslo", "nb"),
    ("teacher.leuven", "Pieter Janssens", TEACHERS, "UCLL", "Europe/Brussels", "en"),
    ("coordinator.oslo", "Kari Nordmann", COORDINATORS, "OsloMet", "Europe/Oslo", "nb"),
    ("student.oslo1", "Sofie Berg", STUDENTS, "OsloMet", "Europe/Oslo", "nb"),
    ("student.oslo2", "Jonas Lie", STUDENTS, "OsloMet", "Europe/Oslo", "nb"),
    ("student.oslo3", "Amina Yusuf", STUDENTS, "OsloMet", "Europe/Oslo", "en"),
    ("student.leuven1", "Lotte Peeters", STUDENTS, "UCLL", "Europe/Brussels", "en"),
    ("student.leuven2", "Milan De Smet", STUDENTS, "UCLL", "Europe/Brussels", "en"),
    ("student.leuven3", "Emma Claes", STUDENTS, "UCLL", "Europe/Brussels", "en"),
    ("student.kolkata1", "Ananya Sen", STUDENTS, "NCI", "Asia/Kolkata", "en"),
]


def seed(log):
    institutions = {}
    for data in INSTITUTIONS:
        fields = dict(data)
        institution, _ = Institution.objects.update_or_create(
            short_name=fields.pop("short_name"), defaults=fields
        )
        institutions[institution.short_name] = institution

    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={
            "display_name": "Site Admin",
            "email": "admin@example.org",
            "is_staff": True,
            "is_superuser": True,
            "is_active": True,
        },
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()

    for username, display_name, role, short_name, tz, language in ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": display_name,
                "email": f"{username}@example.org",
                "institution": institutions.get(short_name),
                "timezone": tz,
                "language": language,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        # Only the role groups are ours to set; co-author groups belong to the modules app.
        user.groups.remove(*Group.objects.filter(name__in=ALL_ROLES).exclude(name=role))
        user.groups.add(Group.objects.get(name=role))
    log(f"accounts: {len(institutions)} institutions, {len(ACCOUNTS) + 1} accounts")
