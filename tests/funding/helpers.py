from funding.services import add_member, save_draft
from tests.funding.conftest import CATEGORIES


def complete(application, *, leaders=2):
    """Fill `application` in so that every check but time and eligibility passes."""
    save_draft(
        application,
        title="Learning together across borders",
        answers={"q-motivation": "Our schools want partners.", "q-schools": "12"},
        files={},
    )
    for category, _name, _minimum in CATEGORIES[:2]:
        add_member(
            application, name=f"M {category}", role="Head", email="m@example.org", category=category
        )
    for number in range(leaders):
        add_member(
            application,
            name=f"Leader {number}",
            role="Head teacher",
            email=f"leader{number}@example.org",
            category="cat-leadership",
        )
    return application
