"""/api/v2/images/ shows a visitor only the images on pages the visitor may see."""

import pytest
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from tests.practices.factories import GoodPracticePageFactory, PracticeIndexPageFactory

pytestmark = pytest.mark.django_db


def image(title):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def images_value(picture):
    return [
        {
            "type": "image",
            "value": {"image": picture.pk, "alt_text": picture.title, "decorative": False},
        }
    ]


def with_picture(page, picture):
    """Publish `page` with `picture` in its images."""
    page.images = images_value(picture)
    page.save_revision().publish()


@pytest.fixture
def practice_index(home_pages):
    return PracticeIndexPageFactory(parent=home_pages["en"])


@pytest.fixture
def pictures(practice_index):
    pictures = {name: image(name) for name in ["shown", "unused", "draft", "private"]}
    with_picture(GoodPracticePageFactory(parent=practice_index, title="Public"), pictures["shown"])
    draft = GoodPracticePageFactory(parent=practice_index, title="Draft", publish=False)
    draft.images = images_value(pictures["draft"])
    draft.save_revision()
    restricted = GoodPracticePageFactory(parent=practice_index, title="Staff only")
    with_picture(restricted, pictures["private"])
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    return pictures


def detail_status(client, picture):
    """The status a visitor finally gets for one image (a missing one is sent on to /en/…)."""
    return client.get(f"/api/v2/images/{picture.pk}/", follow=True).status_code


def listed(client):
    response = client.get("/api/v2/images/")
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def test_an_anonymous_visitor_sees_only_images_on_published_public_pages(pictures):
    client = Client()

    assert listed(client) == ["shown"]
    detail = client.get(f"/api/v2/images/{pictures['shown'].pk}/")
    assert detail.status_code == 200
    assert detail.json()["meta"]["download_url"].startswith("/")
    for hidden in ["unused", "draft", "private"]:
        assert detail_status(client, pictures[hidden]) == 404


def test_an_image_leaves_the_listing_when_its_page_is_unpublished(pictures, practice_index):
    page = practice_index.get_children().get(title="Public").specific

    page.unpublish()

    assert listed(Client()) == []
    assert detail_status(Client(), pictures["shown"]) == 404


def test_an_image_appears_once_its_page_is_published(pictures, practice_index):
    page = practice_index.get_children().get(title="Draft").specific

    page.get_latest_revision().publish()

    assert listed(Client()) == ["shown", "draft"]
