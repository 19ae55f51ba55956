"""Periodic work of the funding calls (registered in wagtail_hooks.py)."""

from django_tasks import task

from . import decisions


@task()
def lapse_unanswered_places():
    """Every minute: lapse the places not answered in time and offer them to the next."""
    decisions.lapse_unanswered()
