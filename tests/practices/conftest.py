import pytest

from tests.factories import InstitutionFactory

from .factories import PracticeIndexPageFactory


@pytest.fixture
def practice_index(home_pages):
    return PracticeIndexPageFactory(parent=home_pages["en"])


@pytest.fixture
def institutions(db):
    """One institution in each of a few countries, by country code."""
    rows = [
        ("NO", "Oslo", "Europe/Oslo"),
        ("DE", "Hamburg", "Europe/Berlin"),
        ("GB", "Leeds", "Europe/London"),
        ("SE", "Växjö", "Europe/Stockholm"),
        ("US", "Albany", "America/New_York"),
        ("MT", "Paola", "Europe/Malta"),
    ]
    return {
        code: InstitutionFactory(
            name=f"School in {city}", short_name=city, country=code, city=city, timezone=tz
        )
        for code, city, tz in rows
    }
