import pytest

from home.demo import ensure_home_pages


@pytest.fixture
def home_pages(db):
    """The home page in en, nb and sv, with the default site pointing at the English one."""
    return ensure_home_pages()
