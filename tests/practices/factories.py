"""Factories for good-practice pages."""

import factory
import wagtail_factories

from accounts.models import Sector
from modules.models import Mode
from practices.models import GoodPracticePage, PracticeIndexPage


class PracticeIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PracticeIndexPage

    title = "Good practice"
    slug = "good-practice"
    show_in_menus = True


class GoodPracticePageFactory(wagtail_factories.PageFactory):
    """An example, published through a revision unless `publish=False`.

    `institutions` and `tags` are set before the first save, as the admin form does, so
    that the derived countries are right from the start.
    """

    class Meta:
        model = GoodPracticePage

    title = factory.Sequence(lambda n: f"Example {n}")
    summary = "Two partner classes worked together online for six weeks."
    sector = Sector.UPPER_SECONDARY
    mode = Mode.COIL
    institutions = factory.LazyFunction(list)
    tags = factory.LazyFunction(list)
    publish = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        institutions = kwargs.pop("institutions")
        tags = kwargs.pop("tags")
        publish = kwargs.pop("publish")
        instance = model_class(live=False, **kwargs)
        instance.institutions = list(institutions)
        if tags:
            instance.tags.add(*tags)
        parent.add_child(instance=instance)
        if publish:
            instance.save_revision().publish()
            instance.refresh_from_db()
        return instance


def scores(value):
    """All five quality scores set to `value`."""
    return {
        "score_innovation": value,
        "score_curriculum": value,
        "score_collaboration": value,
        "score_technology": value,
        "score_impact": value,
    }
