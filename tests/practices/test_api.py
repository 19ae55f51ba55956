"""Examples in Wagtail's read-only pages API."""

import pytest

from .factories import GoodPracticePageFactory, scores

pytestmark = pytest.mark.django_db


def test_the_pages_api_lists_published_examples_with_their_fields(
    client, practice_index, institutions
):
    GoodPracticePageFactory(
        parent=practice_index,
        title="German partner class",
        institutions=[institutions["NO"], institutions["DE"]],
        tags=["German"],
        participants=24,
        **scores(2),
    )
    GoodPracticePageFactory(parent=practice_index, title="Unpublished", publish=False)

    response = client.get(
        "/api/v2/pages/",
        {
            "type": "practices.GoodPracticePage",
            "fields": "summary,countries,institutions,sector,mode,tags,participants,"
            "meets_quality_criteria",
        },
    )

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["German partner class"]
    example = items[0]
    assert example["countries"] == ["DE", "NO"]
    assert {i["short_name"] for i in example["institutions"]} == {"Oslo", "Hamburg"}
    assert example["sector"] == "upper_secondary" and example["mode"] == "coil"
    assert example["tags"] == ["German"]
    assert example["participants"] == 24
    assert example["meets_quality_criteria"] is True


def test_the_api_can_filter_examples_by_sector(client, practice_index):
    GoodPracticePageFactory(parent=practice_index, title="At school", sector="upper_secondary")
    GoodPracticePageFactory(parent=practice_index, title="At university", sector="higher")

    response = client.get(
        "/api/v2/pages/", {"type": "practices.GoodPracticePage", "sector": "higher"}
    )

    assert [item["title"] for item in response.json()["items"]] == ["At university"]
