"""Demo participants, groups and conversations for "Outdoor play across cultures"."""

import uuid

from accounts.models import User
from modules.models import CourseModulePage

from . import membership
from .models import DEFAULT_TOPIC, Enrolment, GroupMembership, SpaceKind, StudentGroup
from .services import ServiceError, post_message

MODULE_TITLE = "Outdoor play across cultures"
STUDENTS = [
    "student.oslo1",
    "student.oslo2",
    "student.oslo3",
    "student.leuven1",
    "student.leuven2",
    "student.leuven3",
]
# Two mixed groups: OsloMet and UCLL students in each.
# Numbered as forming them numbers groups, so that each reader sees them in their language.
GROUPS = {
    1: ["student.oslo1", "student.oslo3", "student.leuven2"],
    2: ["student.oslo2", "student.leuven1", "student.leuven3"],
}
# space ("plaza", "teachers" or "Group <number>") -> (author, topic, body)
MESSAGES = {
    "plaza": [
        (
            "teacher.oslo",
            DEFAULT_TOPIC,
            "Velkommen, alle sammen! Welcome to *Outdoor play across cultures*. Introduce "
            "yourself here: your name, where you study, and one outdoor game you played as "
            "a child.",
        ),
        (
            "teacher.leuven",
            "week 1",
            "Welcome from Leuven! Our first online session is on Tuesday. Slides and the "
            "recording will be posted under the topic **week 1**.",
        ),
        (
            "student.leuven1",
            DEFAULT_TOPIC,
            "Hi! I'm Lotte from UCLL. As a child I played *tikkertje* (tag) in the park "
            "almost every day after school.",
        ),
        (
            "student.oslo1",
            DEFAULT_TOPIC,
            "Hei! Sofie from OsloMet here. In Norwegian kindergartens children are outside in "
            "almost any weather: «det finnes ikke dårlig vær, bare dårlige klær».",
        ),
        (
            "student.oslo2",
            DEFAULT_TOPIC,
            "Jonas here. I'm curious how Belgian and Norwegian kindergartens think about "
            "*risky play*: climbing trees, using real tools, playing out of sight.",
        ),
        (
            "student.leuven1",
            DEFAULT_TOPIC,
            "@student.oslo1 we say something like that in Flanders too! Which games do "
            "children in Oslo play outside in winter?",
        ),
    ],
    "Group 1": [
        (
            "student.oslo1",
            "planning",
            "Hi group! When suits everyone for a first call? Our golden hours are on the "
            "group page.",
        ),
        (
            "student.leuven2",
            "planning",
            "Wednesday 14:00 works for me (Brussels time, the same as Oslo).",
        ),
        (
            "student.oslo3",
            "observations",
            "Works for me too. Shall we keep our playground observations under the topic "
            "**observations**?\n\n- date and place\n- what the children did\n- what the adults did",
        ),
    ],
    "Group 2": [
        (
            "student.leuven1",
            "literature",
            "Let's split the reading: I'll take the Flemish framework for early childhood "
            "education.",
        ),
        (
            "student.oslo2",
            "literature",
            "Jeg tar rammeplanen for barnehagen, the Norwegian framework plan. I'll summarise "
            "the part on nature, environment and outdoor life.",
        ),
        (
            "student.leuven3",
            "literature",
            "I'll collect photos from my placement's playground (with the parents' consent).",
        ),
    ],
    "teachers": [
        (
            "teacher.oslo",
            DEFAULT_TOPIC,
            "Pieter, shall we look at the group work together on Friday before the second "
            "assignment opens?",
        ),
        (
            "teacher.leuven",
            DEFAULT_TOPIC,
            "Yes. I'll draft the rubric for the reflection; could you check the deadlines "
            "against the Norwegian holiday week?",
        ),
        (
            "teacher.leuven",
            "week 1",
            "@teacher.oslo the slides for Tuesday are up under **week 1**; could you add the "
            "Norwegian reading list?",
        ),
    ],
}
# Stable client ids make seeding twice write nothing new (post_message is idempotent).
NAMESPACE = uuid.UUID("6f0d6a2e-7f55-4a53-9b1a-3c4a7a0c2d10")


def seed(log):
    page = CourseModulePage.objects.filter(title=MODULE_TITLE).order_by("pk").first()
    if page is None:
        log(f"collaboration: no module “{MODULE_TITLE}”; skipped")
        return
    module = membership.ensure_module_spaces(page)
    wanted = {*STUDENTS, "teacher.oslo", "teacher.leuven", "student.kolkata1"}
    users = {user.username: user for user in User.objects.filter(username__in=wanted)}
    missing = [name for name in STUDENTS if name not in users]
    if missing:
        log(f"collaboration: demo accounts missing ({', '.join(missing)}); skipped")
        return

    for username in STUDENTS:
        Enrolment.objects.get_or_create(module=module, student=users[username])
    # student.kolkata1 shows that a student of another institution sees nothing.
    if "student.kolkata1" in users:
        Enrolment.objects.filter(module=module, student=users["student.kolkata1"]).delete()

    spaces = membership.module_spaces(module)
    for number, usernames in GROUPS.items():
        group, _ = StudentGroup.objects.get_or_create(module=module, number=number)
        for username in usernames:
            if not GroupMembership.objects.filter(module=module, student=users[username]).exists():
                membership.place_student(module, users[username], group)
        spaces[f"Group {number}"] = group.space

    posted = 0
    for space_key, entries in MESSAGES.items():
        space = spaces[SpaceKind(space_key)] if space_key in SpaceKind.values else spaces[space_key]
        for number, (author, topic, body) in enumerate(entries):
            try:
                result = post_message(
                    user=users[author],
                    space=space,
                    body=body,
                    topic=topic,
                    client_id=uuid.uuid5(NAMESPACE, f"{space_key}/{number}"),
                )
            except (KeyError, ServiceError) as error:
                log(f"collaboration: could not post as {author} in {space_key}: {error}")
                continue
            posted += result.created
    log(
        f"collaboration: {len(STUDENTS)} students enrolled in {len(GROUPS)} groups, "
        f"{posted} new messages"
    )
