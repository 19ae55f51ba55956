"""Demo institutions and accounts, from `demo_data/accounts.toml`."""

from django.contrib.auth.models import Group

from home.demo import load_demo_data

from .models import Institution, User
from .roles import ALL_ROLES

DEMO_PASSWORD = "coil-demo-2026"

DATA = load_demo_data("accounts", "accounts.toml")
INSTITUTIONS = DATA["institutions"]
ACCOUNTS = DATA["accounts"]


def ensure_institutions(rows):
    """Create or update the institutions of `rows` (by short name); return them by it."""
    institutions = {}
    for row in rows:
        fields = dict(row)
        institution, _ = Institution.objects.update_or_create(
            short_name=fields.pop("short_name"), defaults=fields
        )
        institutions[institution.short_name] = institution
    return institutions


def seed(log):
    institutions = ensure_institutions(INSTITUTIONS)

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

    for account in ACCOUNTS:
        username = account["username"]
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": account["display_name"],
                "email": f"{username}@example.org",
                "institution": institutions.get(account.get("institution")),
                "timezone": account["timezone"],
                "language": account["language"],
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        # Only the role groups are ours to set; co-author groups belong to the modules app.
        role = account["role"]
        user.groups.remove(*Group.objects.filter(name__in=ALL_ROLES).exclude(name=role))
        user.groups.add(Group.objects.get(name=role))
    log(f"accounts: {len(institutions)} institutions, {len(ACCOUNTS) + 1} accounts")
