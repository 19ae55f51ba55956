"""What a visitor sees on one example."""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from practices.models import GoodPracticePage
from tests.factories import CourseModulePageFactory, ModuleIndexPageFactory

from .factories import GoodPracticePageFactory, scores

pytestmark = pytest.mark.django_db


def test_an_example_shows_its_facts_tips_and_pictures(
    client, home_pages, practice_index, institutions
):
    image = get_image_model().objects.create(title="Flags", file=get_test_image_file())
    module = CourseModulePageFactory(
        parent=ModuleIndexPageFactory(parent=home_pages["en"]), title="Outdoor play"
    )
    example = GoodPracticePageFactory(
        parent=practice_index,
        title="German partner class",
        institutions=[institutions["NO"], institutions["DE"]],
        tags=["German"],
        duration="One term",
        participants=24,
        contact_email="international@example.org",
        module=module,
    )
    example.tips = [{"type": "tip", "value": "Apply for approval early."}]
    example.images = [
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "Flags of Norway and Germany",
                "decorative": False,
            },
        }
    ]
    example.save_revision().publish()

    content = " ".join(client.get(example.url).content.decode().split())

    assert "<h1>German partner class</h1>" in content
    assert 'alt="Flags of Norway and Germany"' in content
    assert "<li>Apply for approval early.</li>" in content
    assert '<a href="/en/good-practice/?country=DE">Germany</a>' in content
    assert '<a class="tag" href="/en/good-practice/?tag=german">German</a>' in content
    assert "School in Hamburg" in content and "One term" in content
    assert f'<a href="{module.url}">Outdoor play</a>' in content
    assert 'href="mailto:international@example.org"' in content


def test_the_quality_rubric_shows_each_score(client, practice_index):
    scored = GoodPracticePageFactory(parent=practice_index, title="Scored", **scores(2))
    GoodPracticePage.objects.filter(pk=scored.pk).update(score_impact=1)
    unscored = GoodPracticePageFactory(parent=practice_index, title="Unscored")

    scored_page = client.get(scored.url).content.decode()
    assert "Pedagogical innovation" in scored_page and "Results and impact" in scored_page
    assert scored_page.count("2 of 3") == 4 and scored_page.count("1 of 3") == 1
    assert "Does not yet meet every criterion" in scored_page

    assert "have not scored this example" in client.get(unscored.url).content.decode()


def test_user_text_is_escaped(client, practice_index):
    example = GoodPracticePageFactory(
        parent=practice_index, summary='<script>alert("x")</script>', contact_name="<b>Me</b>"
    )

    content = client.get(example.url).content.decode()

    assert "<script>alert" not in content and "<b>Me</b>" not in content
    assert "&lt;script&gt;" in content
