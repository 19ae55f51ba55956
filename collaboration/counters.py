"""Counts of delivery trouble in this process: logged when they happen, shown by /healthz.

Each daphne process counts its own; a load balancer that polls /healthz on every worker
sees each worker's figures. They start at zero when the process starts.
"""

import logging
import threading
from collections import Counter

logger = logging.getLogger("collaboration.delivery")

# name -> what it counts (docs/operations.md repeats this table)
KINDS = {
    "sockets_behind": "sockets closed with 4503 because their buffer of frames was full",
    "frames_dropped": "frames dropped from those full buffers",
    "broadcasts_failed": "broadcasts the channel layer did not take after a change was stored",
    "groups_rejoined": "sockets whose group memberships the channel layer had lost",
    "unavailable": "requests and frames answered 'unavailable' (database or layer down)",
    "consumer_crashes": "consumers ended by an unexpected error (closed with 4503)",
}

_counts = Counter()
_lock = threading.Lock()


def count(kind, amount=1, detail="", *, exc_info=False):
    """Add `amount` to `kind` and log it as a warning (with the traceback if asked)."""
    if kind not in KINDS:
        raise ValueError(f"unknown counter {kind!r}")
    with _lock:
        _counts[kind] += amount
    logger.warning("%s +%s%s", kind, amount, f": {detail}" if detail else "", exc_info=exc_info)


def snapshot():
    with _lock:
        return {kind: _counts[kind] for kind in KINDS}
