"""Periodic work of the funding calls (registered in wagtail_hooks.py)."""

from django_tasks import task

from . import decisions, reports


@task()
def lapse_unanswered_places():
    """Every minute: lapse the places not answered in time and offer them to the next."""
    decisions.lapse_unanswered()


@task()
def send_report_reminders():
    """Every minute: remind of final reports due in 14 and 2 days, and of overdue ones."""
    reports.send_reminders()
