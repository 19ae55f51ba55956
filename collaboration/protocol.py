"""The rules of the discussion protocol that the browser client applies too.

The page hands them to the client with `json_script` (`#discussion-protocol`), so that the
client checks a message against the same limit as the server and never keeps a copy of its
own (docs/protocol.md).
"""

from . import consumers, events, services
from .models import DEFAULT_TOPIC, TOPIC_MAX_LENGTH


def client_protocol():
    return {
        # Counted in characters (Unicode code points), as the server counts them.
        "body_max_length": services.BODY_MAX_LENGTH,
        "topic_max_length": TOPIC_MAX_LENGTH,
        "default_topic": DEFAULT_TOPIC,
        # What typed as a topic means the default topic (case folded), as the server reads it.
        "default_topic_names": sorted(services.default_topic_names()),
        "edit_window_seconds": int(services.EDIT_WINDOW.total_seconds()),
        "typing_interval_seconds": consumers.TYPING_INTERVAL,
        "close_codes": {
            "not_signed_in": events.CLOSE_NOT_SIGNED_IN,
            "forbidden": events.CLOSE_FORBIDDEN,
            "not_found": events.CLOSE_NOT_FOUND,
        },
    }
