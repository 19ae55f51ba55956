"""The blocks call managers build a call from: categories of the project group, questions,
contacts. Answers and members refer to a block by its id, which stays when the call is edited."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class CompositionCategoryBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Category"), max_length=120)
    minimum = blocks.IntegerBlock(label=_("At least"), min_value=0, default=1)
    description = blocks.CharBlock(label=_("Who counts"), required=False, max_length=300)

    class Meta:
        icon = "group"
        label = _("Category of the project group")


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.CharBlock(label=_("Help text"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)

    class Meta:
        icon = "help"


class ShortTextQuestion(QuestionBlock):
    class Meta:
        label = _("Short text")


class LongTextQuestion(QuestionBlock):
    class Meta:
        label = _("Long text")


class NumberQuestion(QuestionBlock):
    class Meta:
        label = _("Number")


class ChoiceQuestion(QuestionBlock):
    choices = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Choices"))

    class Meta:
        label = _("Choice")


class FileQuestion(QuestionBlock):
    class Meta:
        label = _("File")


class QuestionsBlock(blocks.StreamBlock):
    short_text = ShortTextQuestion()
    long_text = LongTextQuestion()
    number = NumberQuestion()
    choice = ChoiceQuestion()
    file = FileQuestion()


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=120)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=120)
    email = blocks.EmailBlock(label=_("E-mail address"), required=False)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=40)

    class Meta:
        icon = "user"
        label = _("Contact")


class ReviewCriterionBlock(blocks.StructBlock):
    """A criterion the reviewers score, from 0 to its maximum; scores refer to the block's id."""

    name = blocks.CharBlock(label=_("Criterion"), max_length=120)
    description = blocks.CharBlock(label=_("What it asks"), required=False, max_length=500)
    maximum = blocks.IntegerBlock(label=_("Maximum score"), min_value=1, max_value=100, default=5)

    class Meta:
        icon = "pick"
        label = _("Review criterion")
