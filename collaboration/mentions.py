"""@mentions in messages: whom a body mentions, how they are drawn, who is told.

A mention names a person of the space (`permissions.space_people`) by username; anyone else,
and any unknown name, stays plain text and is told nothing. `@all` (everyone of the space)
and, in a group space, `@group` (the group's students) count only when the author teaches
the module; they are never taken for people with those usernames.
The author is never told of their own message.
"""

from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from notifications.services import notify

from .models import SpaceKind
from .permissions import is_module_teacher, space_people
from .rendering import mention_names, render_markdown

ALL = "all"
GROUP = "group"
# Enough to look up one body's names; more @names than this are left as text.
NAMES_LOOKED_UP = 50
# The composer's suggestions: at most this many people, matched on a few words.
PEOPLE_OFFERED = 10
QUERY_WORDS = 3


@dataclass(frozen=True)
class Mentions:
    drawn: dict = field(default_factory=dict)  # lower-case name -> (user id or None, label)
    recipients: frozenset = frozenset()  # the ids of the people to tell


def find_mentions(body, space, author):
    """The mentions of `body`, written by `author` in `space`."""
    names = mention_names(body)
    if not names:
        return Mentions()
    people = space_people(space)
    drawn, recipients = {}, set()
    keywords = names & {ALL, GROUP}
    if keywords and is_module_teacher(author, space.module_id):
        if ALL in keywords:
            drawn[ALL] = (None, ALL)
            recipients.update(people.values_list("pk", flat=True))
        if GROUP in keywords and space.kind == SpaceKind.GROUP:
            drawn[GROUP] = (None, GROUP)
            recipients.update(
                people.filter(group_memberships__group_id=space.group_id).values_list(
                    "pk", flat=True
                )
            )
    wanted = sorted(names - {ALL, GROUP})[:NAMES_LOOKED_UP]
    for person in people.annotate(lower=Lower("username")).filter(lower__in=wanted):
        drawn.setdefault(person.lower, (person.pk, person.name))
        recipients.add(person.pk)
    recipients.discard(author.pk)
    return Mentions(drawn, frozenset(recipients))


def render_body(body, space, author):
    """The body's HTML with its mentions drawn, and the ids of the people it mentions."""
    mentions = find_mentions(body, space, author)
    return render_markdown(body, mentions.drawn), mentions.recipients


def tell_mentioned(recipients, *, space, message, author):
    """Notify `recipients` of their mention in `message`, once the transaction commits."""
    if not recipients:
        return
    transaction.on_commit(
        partial(
            notify,
            "mentioned",
            sorted(recipients),
            actor=author,
            **{**space.notice_arguments(), "target": f"{space.get_absolute_url()}#m-{message.pk}"},
        )
    )


def people_to_mention(space, query, asker):
    """Up to PEOPLE_OFFERED people of `space` but `asker` whose name or username has `query`."""
    people = space_people(space).exclude(pk=asker.pk)
    for word in query.split()[:QUERY_WORDS]:
        people = people.filter(
            Q(username__icontains=word)
            | Q(display_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    people = people.order_by(Lower("display_name"), Lower("username"))[:PEOPLE_OFFERED]
    return [{"username": person.username, "name": person.name} for person in people]
