"""The JSON shapes of people and messages that the WebSocket and the API send."""

import datetime


def isoformat(value):
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def serialise_user(user):
    institution = user.institution
    return {
        "id": user.pk,
        "name": user.name,
        "institution": institution.short_name if institution else None,
        "country": institution.country.code if institution and institution.country else None,
        "timezone": user.timezone,
    }


def serialise_message(message):
    return {
        "id": message.pk,
        "client_id": str(message.client_id),
        "space": message.space_id,
        "seq": message.seq,
        "topic": message.topic,
        "author": serialise_user(message.author),
        "body": message.body,
        "body_html": message.body_html,
        "created_at": isoformat(message.created_at),
        "edited_at": isoformat(message.edited_at),
    }
