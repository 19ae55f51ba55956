"""Demo notices: each demo student hears which group they are in.

The demo's @mentions (collaboration/demo.py) give student.oslo1 and teacher.oslo a notice
each the ordinary way, with its e-mail. teacher.leuven starts with none, so that the first
approval request shows as "1" in the header. The group notices are written here, for the
platform only: no e-mail goes out for them.
"""

from accounts.models import User
from collaboration.demo import MODULE_TITLE
from collaboration.models import GroupMembership

from .choices import Delivery
from .models import Notification
from .services import push_unread_counts


def seed(log):
    teacher = User.objects.filter(username="teacher.oslo").first()
    memberships = GroupMembership.objects.filter(
        module__title=MODULE_TITLE, student__username__startswith="student."
    ).select_related("group__space", "module", "student")
    made = []
    for membership in memberships:
        group = membership.group
        notification, created = Notification.objects.get_or_create(
            recipient=membership.student,
            kind="group_placed",
            target_url=group.space.get_absolute_url(),
            defaults={
                "actor": teacher,
                # As notify(about=module) writes them: the module's title in the reader's
                # language, the link to the group's space.
                "target_page": membership.module,
                "params": {
                    "group": group.name,
                    "group_number": group.number,
                    "title": membership.module.title,
                    "linked_path": True,
                },
                "delivery": Delivery.PLATFORM,
            },
        )
        if created:
            made.append(notification)
    push_unread_counts(n.recipient_id for n in made)
    log(f"notifications: {len(made)} new group notices")
