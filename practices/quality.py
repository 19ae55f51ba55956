"""The quality criteria of good-practice examples, after the national quality-label practice.

An editor scores each criterion from 0 to 3; an example "meets the criteria" when every
score reaches the threshold.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

QUALITY_THRESHOLD = 2
SCORE_CHOICES = [
    (0, _("0 – not evident")),
    (1, _("1 – emerging")),
    (2, _("2 – established")),
    (3, _("3 – exemplary")),
]
QUALITY_CRITERIA = [
    (
        "score_innovation",
        _("Pedagogical innovation"),
        _("Students learn in a way that would not be possible without the partner."),
    ),
    (
        "score_curriculum",
        _("Integration in the curriculum"),
        _("The collaboration is part of a course or subject plan, not an extra."),
    ),
    (
        "score_collaboration",
        _("Collaboration between partners"),
        _("Teachers plan, teach and assess together; students work in mixed groups."),
    ),
    (
        "score_technology",
        _("Use of technology"),
        _("Digital tools make the joint work possible and are chosen with care."),
    ),
    (
        "score_impact",
        _("Results and impact"),
        _("Outcomes are documented and the collaboration continues or spreads."),
    ),
]
QUALITY_FIELDS = [name for name, _label, _help in QUALITY_CRITERIA]
MEETS_QUALITY_CRITERIA = Q(**{f"{name}__gte": QUALITY_THRESHOLD for name in QUALITY_FIELDS})
