"""The change sequence of a space: what `sync {"after_seq"}` and `?after_seq=` answer.

Every change in a space (a message posted, edited, hidden or unhidden) takes the space's
next `seq` in the transaction that makes it (`next_seq`), and the message keeps the seq of
the change that gave it its current state. Taking the seq updates the space's row, which
locks it until the commit, so changes of one space commit in seq order and a reader that
has seen `head` h can rely on every change up to h being in the database.

A client that holds every change up to n asks for the changes after n and receives, in seq
order, the current state of each message changed since (one entry per message, under the
seq of its newest change) and a tombstone for each message hidden since. Changes of a
message superseded by a later one are not repeated: the reply is complete up to `head`.
"""

from django.db import connection

from .models import Message, Space
from .serialisation import serialise_message, serialise_tombstone

CHANGES_LIMIT = 100


def next_seq(space_id):
    """Take the space's next seq; call inside the transaction that makes the change."""
    table = connection.ops.quote_name(Space._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET head_seq = head_seq + 1 WHERE id = %s RETURNING head_seq",  # noqa: S608 - a table name, no user input
            [space_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Space.DoesNotExist(f"no space {space_id}")
    return row[0]


def head(space_id):
    return Space.objects.filter(pk=space_id).values_list("head_seq", flat=True).first() or 0


def serialise_change(message):
    if message.hidden:
        return {"kind": "hidden", **serialise_tombstone(message)}
    return {"seq": message.seq, "kind": "message", "message": serialise_message(message)}


def changes_after(space_id, after_seq, limit=CHANGES_LIMIT):
    """(changes after `after_seq` up to the head, head, has_more), oldest first.

    The head is read first, so every change up to it has committed and is in the reply or
    in the next page of it; with has_more false the caller holds everything up to `head`.
    """
    current = head(space_id)
    rows = list(
        Message.objects.filter(space_id=space_id, seq__gt=after_seq, seq__lte=current)
        .select_related("author__institution")
        .order_by("seq")[: limit + 1]
    )
    return [serialise_change(message) for message in rows[:limit]], current, len(rows) > limit
