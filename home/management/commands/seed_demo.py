from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app that contributes demo data has a `demo` module with `seed(log)`; they run in
# this order because later ones refer to what earlier ones made.
DEMO_MODULES = [
    "accounts.demo",
    "home.demo",
    "modules.demo",
    "collaboration.demo",
    "practices.demo",
    "notifications.demo",
    "funding.demo",
]


class Command(BaseCommand):
    help = "Create or update the demo institutions, accounts and content. Safe to run twice."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            # Demo accounts have a published password; they must never reach a real site.
            raise CommandError(
                "seed_demo is refused under production settings: the demo accounts have a "
                "published password."
            )
        with transaction.atomic():
            for dotted in DEMO_MODULES:
                try:
                    module = import_module(dotted)
                except ModuleNotFoundError as exc:
                    if exc.name != dotted:
                        raise
                    continue
                module.seed(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
