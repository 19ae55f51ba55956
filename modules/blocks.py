"""Activity blocks of a course module's body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ActivityBlock(blocks.StructBlock):
    """Fields every activity has: when, how long, and what to do."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    week = blocks.IntegerBlock(label=_("Week"), min_value=1, max_value=52)
    duration = blocks.CharBlock(
        label=_("Duration"), max_length=60, help_text=_("For example “90 minutes” or “one week”.")
    )
    instructions = blocks.RichTextBlock(
        label=_("Instructions"), features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        template = "blocks/activity_block.html"


class IceBreakerBlock(ActivityBlock):
    class Meta:
        label = _("Ice-breaker")
        icon = "group"


class SynchronousSessionBlock(ActivityBlock):
    class Meta:
        label = _("Synchronous session")
        icon = "time"


class AsynchronousTaskBlock(ActivityBlock):
    class Meta:
        label = _("Asynchronous task")
        icon = "tasks"


class GroupProjectBlock(ActivityBlock):
    deliverable = blocks.CharBlock(label=_("Deliverable"), max_length=200, required=False)

    class Meta:
        label = _("Group project")
        icon = "folder-open-inverse"


class ReflectionBlock(ActivityBlock):
    class Meta:
        label = _("Reflection")
        icon = "openquote"


class RubricCriterionBlock(blocks.StructBlock):
    criterion = blocks.CharBlock(label=_("Criterion"), max_length=200)
    weight = blocks.IntegerBlock(label=_("Weight (%)"), min_value=0, max_value=100, required=False)
    excellent = blocks.TextBlock(label=_("Excellent"), required=False)
    adequate = blocks.TextBlock(label=_("Adequate"), required=False)
    insufficient = blocks.TextBlock(label=_("Insufficient"), required=False)


class AssessmentBlock(ActivityBlock):
    rubric = blocks.ListBlock(RubricCriterionBlock(), label=_("Rubric"), min_num=1)

    class Meta:
        label = _("Assessment")
        icon = "doc-full"


class ModuleBodyBlock(blocks.StreamBlock):
    ice_breaker = IceBreakerBlock()
    synchronous_session = SynchronousSessionBlock()
    asynchronous_task = AsynchronousTaskBlock()
    group_project = GroupProjectBlock()
    reflection = ReflectionBlock()
    assessment = AssessmentBlock()
