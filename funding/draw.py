"""The verifiable random draw of a funding call, as pure functions.

This is the algorithm that docs/funding.md ("The draw and how to check it") publishes and
outside programs rely on to check a draw; it must not drift from that text:

1. While the call is open, ``seed_commitment`` = SHA-256 of the secret ``seed`` (64 hex
   characters, taken as text in UTF-8) is published, with the ``beacon`` ("" when none).
2. ``eligible`` = the eligible applications' references sorted as strings;
   ``eligible_hash`` = SHA-256 of ``"\\n".join(eligible)`` in UTF-8.
3. The draw reveals ``seed``. ``draw_key`` = SHA-256 of ``f"{seed}:{beacon}:{eligible_hash}"``
   (raw 32 bytes); a reference's rank key = HMAC-SHA256(``draw_key``, reference in UTF-8)
   as hex; ``order`` = the references sorted by rank key. The first ``places`` are
   ``awarded``, the rest is the ``waiting_list`` in that order.

No models here: the funding models store the seed, the frozen list and the time of the
draw, and call these functions to draw and to publish ``draw.json``.
"""

import hashlib
import hmac
import re
import secrets
from collections import Counter
from datetime import UTC, datetime

from django.utils.translation import gettext as _

HEX_64 = re.compile(r"[0-9a-f]{64}")

# The fields of draw.json, in the order they are written.
FIELDS = (
    "call",
    "places",
    "seed_commitment",
    "beacon",
    "seed",
    "eligible",
    "eligible_hash",
    "order",
    "awarded",
    "waiting_list",
    "drawn_at",
)


def _sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_seed():
    """A fresh secret seed: 64 lowercase hex characters (256 bits) from ``secrets``."""
    return secrets.token_hex(32)


def commitment(seed):
    """The published commitment to ``seed``: SHA-256 of the seed's text in UTF-8, as hex."""
    return _sha256_hex(seed)


def eligible_list(references):
    """The references as strings, sorted as strings: the ``eligible`` list of the record."""
    return sorted(str(reference) for reference in references)


def eligible_hash(references):
    """SHA-256, as hex, of the references sorted as strings and joined by "\\n", in UTF-8."""
    return _sha256_hex("\n".join(eligible_list(references)))


def draw_key(seed, beacon, eligible_hash):
    """The key of the draw: SHA-256 of ``f"{seed}:{beacon}:{eligible_hash}"``, raw 32 bytes."""
    return hashlib.sha256(f"{seed}:{beacon}:{eligible_hash}".encode()).digest()


def rank_key(key, reference):
    """A reference's rank key: HMAC-SHA256 with the draw key over the reference, as hex."""
    return hmac.new(key, str(reference).encode("utf-8"), hashlib.sha256).hexdigest()


def order(seed, beacon, references):
    """The references in the order the draw gives them, first place first.

    The order depends on the seed, the beacon and the whole eligible list (through its
    hash), never on the order in which ``references`` are given.
    """
    eligible = eligible_list(references)
    key = draw_key(seed, beacon, eligible_hash(eligible))
    # Two references share a rank key only if they are the same reference, so the
    # reference as second key changes nothing but keeps the sort total.
    return sorted(eligible, key=lambda reference: (rank_key(key, reference), reference))


def _iso_utc(moment):
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("drawn_at must be an aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def draw_record(call, places, seed, beacon, references, drawn_at):
    """The ``draw.json`` record of a call, as a dict in the order docs/funding.md gives.

    ``seed`` is the call's secret seed, always given: before the draw (``drawn_at`` is
    None) only its commitment is shown, the seed is null and ``order``, ``awarded`` and
    ``waiting_list`` are empty. ``references`` are the frozen eligible references, or None
    while the list is not frozen yet (``eligible`` is then empty and ``eligible_hash``
    null). ``drawn_at`` is an aware datetime, written as ISO 8601 in UTC.
    """
    if not isinstance(places, int) or isinstance(places, bool) or places < 0:
        raise ValueError("places must be a whole number, 0 or more")
    if not isinstance(seed, str) or not HEX_64.fullmatch(seed):
        raise ValueError("seed must be 64 lowercase hexadecimal characters")
    beacon = beacon or ""
    frozen = references is not None
    eligible = eligible_list(references) if frozen else []
    if drawn_at is not None and not frozen:
        raise ValueError("a draw needs the frozen eligible list")
    drawn = [] if drawn_at is None else order(seed, beacon, eligible)
    return {
        "call": call,
        "places": places,
        "seed_commitment": commitment(seed),
        "beacon": beacon,
        "seed": None if drawn_at is None else seed,
        "eligible": eligible,
        "eligible_hash": eligible_hash(eligible) if frozen else None,
        "order": drawn,
        "awarded": drawn[:places],
        "waiting_list": drawn[places:],
        "drawn_at": None if drawn_at is None else _iso_utc(drawn_at),
    }


def _is_hex_64(value):
    return isinstance(value, str) and HEX_64.fullmatch(value) is not None


def _is_list_of_strings(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _shape_problems(record):
    """What is missing or of the wrong type in ``record``; empty when its shape is right."""
    if not isinstance(record, dict):
        return [_("The record is not a JSON object with the fields of draw.json.")]
    missing = [field for field in FIELDS if field not in record]
    if missing:
        return [
            _("The record lacks the field “%(field)s”.") % {"field": field} for field in missing
        ]
    problems = []
    if not isinstance(record["call"], str):
        problems.append(_("“call” must be a text."))
    places = record["places"]
    if not isinstance(places, int) or isinstance(places, bool) or places < 0:
        problems.append(_("“places” must be a whole number, 0 or more."))
    if not _is_hex_64(record["seed_commitment"]):
        problems.append(_("“seed_commitment” must be 64 lowercase hexadecimal characters."))
    if not isinstance(record["beacon"], str):
        problems.append(_("“beacon” must be a text (empty when the call names none)."))
    for field in ("seed", "eligible_hash"):
        if record[field] is not None and not _is_hex_64(record[field]):
            problems.append(
                _("“%(field)s” must be null or 64 lowercase hexadecimal characters.")
                % {"field": field}
            )
    for field in ("eligible", "order", "awarded", "waiting_list"):
        if not _is_list_of_strings(record[field]):
            problems.append(_("“%(field)s” must be a list of references.") % {"field": field})
    drawn_at = record["drawn_at"]
    if drawn_at is not None:
        try:
            datetime.fromisoformat(drawn_at)
        except (TypeError, ValueError):
            problems.append(_("“drawn_at” must be null or a date and time in ISO 8601."))
    return problems


def _order_problem(recorded, recomputed):
    if sorted(recorded) != sorted(recomputed):
        return _(
            "“order” does not hold exactly the eligible references: it lists %(listed)s "
            "references, “eligible” has %(eligible)s."
        ) % {"listed": len(recorded), "eligible": len(recomputed)}
    for position, (theirs, ours) in enumerate(zip(recorded, recomputed, strict=True), 1):
        if theirs != ours:
            return _(
                "“order” is not the order the seed, the beacon and the eligible list give: "
                "at place %(position)s it has %(recorded)s, the recomputed order has "
                "%(recomputed)s."
            ) % {"position": position, "recorded": theirs, "recomputed": ours}
    return None


def verify(record):
    """Check a ``draw.json`` record; return its problems in words, empty when it checks out.

    A record is checked from what it publishes alone: the seed matches the commitment,
    the eligible list is sorted and matches its hash, the order recomputed from seed,
    beacon and eligible list is the recorded one, and the first ``places`` of it are the
    awarded, the rest the waiting list. A record before the draw (no seed) cannot be
    checked, and says so.
    """
    problems = _shape_problems(record)
    if problems:
        return problems
    seed = record["seed"]
    if seed is None:
        return [_("The draw has not been made yet: the seed is not revealed.")]
    problems = []
    if commitment(seed) != record["seed_commitment"]:
        problems.append(
            _(
                "The seed does not match “seed_commitment”: SHA-256 of the seed is "
                "%(computed)s, the record says %(recorded)s."
            )
            % {"computed": commitment(seed), "recorded": record["seed_commitment"]}
        )
    eligible = record["eligible"]
    if eligible != sorted(eligible):
        problems.append(_("“eligible” is not sorted as strings."))
    repeated = sorted(reference for reference, count in Counter(eligible).items() if count > 1)
    if repeated:
        problems.append(
            _("“eligible” lists these references more than once: %(references)s.")
            % {"references": ", ".join(repeated)}
        )
    computed_hash = eligible_hash(eligible)
    if record["eligible_hash"] != computed_hash:
        problems.append(
            _(
                "“eligible_hash” does not match the eligible list: SHA-256 of the list is "
                "%(computed)s, the record says %(recorded)s."
            )
            % {"computed": computed_hash, "recorded": record["eligible_hash"]}
        )
    recorded_order = record["order"]
    problem = _order_problem(recorded_order, order(seed, record["beacon"], eligible))
    if problem:
        problems.append(problem)
    places = record["places"]
    if record["awarded"] != recorded_order[:places]:
        problems.append(_("“awarded” is not the first %(places)s of “order”.") % {"places": places})
    if record["waiting_list"] != recorded_order[places:]:
        problems.append(
            _("“waiting_list” is not the rest of “order” after the first %(places)s.")
            % {"places": places}
        )
    return problems
