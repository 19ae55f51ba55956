"""Demo reviewers, from `demo_data/reviews.toml`: accounts in the Reviewers group.

The demo calls ranked by review (the university's COIL fund) were decided outside the
platform, so no reviews are made for them. Running it again updates the same accounts.
"""

from django.contrib.auth.models import Group

from accounts.demo import DEMO_PASSWORD
from accounts.models import Institution, User
from home.demo import load_demo_data

from .permissions import REVIEWERS

DATA = load_demo_data("funding", "reviews.toml")


def ensure_reviewers(log):
    group, _made = Group.objects.get_or_create(name=REVIEWERS)  # the migration made it
    for row in DATA["reviewers"]:
        username = row["username"]
        user, _made = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": row["display_name"],
                "email": f"{username}@example.org",
                "institution": Institution.objects.get(short_name=row["institution"]),
                "timezone": row["timezone"],
                "language": row["language"],
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(group)
    log(f"funding: {len(DATA['reviewers'])} reviewers")
