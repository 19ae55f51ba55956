from threading import Event

from django.core.management.base import BaseCommand

from notifications.schedule import enqueue_periodic_tasks, run


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks (daily digests) at the start of every minute, for the "
        "task worker to run. Safe to restart at any time or to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue them once and exit (for cron)."
        )

    def handle(self, *args, once=False, **options):
        if once:
            enqueue_periodic_tasks()
            return
        try:
            run(Event())
        except KeyboardInterrupt:
            pass
