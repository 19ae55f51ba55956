"""The periodic work: every minute, enqueue each periodic task (docs/operations.md).

Each periodic task finds for itself what is due and claims it in the database, so running
the schedule twice, or restarting it at any moment, sends nothing twice; a minute it
misses is caught up by the next. Other apps add tasks with the Wagtail hook
`register_periodic_tasks`, a function returning a list of tasks that take no arguments.

It runs as `manage.py run_schedule` beside the worker, or (with the immediate backend, when
nothing else would run it) in a thread of each daphne process: `start_in_process()`.
"""

import logging
import threading
import time

from django.db import close_old_connections
from wagtail import hooks

from .tasks import send_due_digests

logger = logging.getLogger(__name__)

PERIOD = 60  # seconds


def periodic_tasks():
    tasks = [send_due_digests]
    for hook in hooks.get_hooks("register_periodic_tasks"):
        tasks.extend(hook())
    return tasks


def enqueue_periodic_tasks():
    """Enqueue every periodic task once; a failure is logged in one line and skipped."""
    for task in periodic_tasks():
        try:
            task.enqueue()
        except Exception as error:  # noqa: BLE001 - the next minute tries again
            logger.warning(
                "Periodic task %s not run: %s: %s", task.name, type(error).__name__, error
            )
        finally:
            close_old_connections()


def run(stop):
    """Enqueue the periodic tasks at the start of every minute until `stop` is set."""
    while not stop.is_set():
        enqueue_periodic_tasks()
        stop.wait(PERIOD - time.time() % PERIOD)


def start_in_process():
    stop = threading.Event()
    threading.Thread(target=run, args=(stop,), name="periodic-tasks", daemon=True).start()
    return stop
