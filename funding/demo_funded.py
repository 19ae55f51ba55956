"""The funded projects of the university's COIL fund, from `calls.toml` and `funded.toml`.

Each project is an application by one of the university's departments, submitted before
the deadline, awarded when the call was decided and accepted a week later, with the
amount granted and, for two of them, the course module it made. The agency's call needs
nothing here: its awarded municipalities accepted their places after the draw (demo.py).
Everything is made once, so seed_demo can run any number of times.
"""

import datetime

from wagtail.models import Locale

from accounts.demo import ensure_institutions
from accounts.models import Institution
from home.demo import load_demo_data
from modules.demo import alias_in
from modules.models import CourseModulePage, EnrolmentState, Mode, ModuleIndexPage, WorkingLanguage
from practices.models import GoodPracticePage

from . import decisions
from .models import Application
from .services import save_draft, start_application, submit_application

DATA = load_demo_data("funding", "funded.toml")


def ensure_module(spec):
    """The course module of `spec`, published as a completed COIL module if missing."""
    index = ModuleIndexPage.objects.filter(locale=Locale.get_default()).first()
    module = CourseModulePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if module is None:
        module = CourseModulePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            mode=Mode.COIL,
            sector="higher",
            start_date=spec["start_date"],
            end_date=spec["end_date"],
            enrolment_state=EnrolmentState.COMPLETED,
            learning_outcomes="\n".join(spec["outcomes"]),
        )
        module.partners = list(Institution.objects.filter(short_name__in=spec["partners"]))
        module.working_languages = list(WorkingLanguage.objects.filter(code="en"))
        module.tags.add(*spec["tags"])
        index.add_child(instance=module)
        module.save_revision().publish(skip_permission_checks=True)
    for locale in Locale.objects.exclude(pk=module.locale_id):
        alias_in(module, locale)  # read in every language, as the other demo modules
    if spec.get("example"):
        # The example written about this module points at it, unless an editor chose another.
        example = GoodPracticePage.objects.filter(slug=spec["example"]).first()
        if example:
            example.translations_and_self().filter(module=None).update(module=module)
    return module


def ensure_project(call, row, modules):
    """One department's funded project: applied, awarded at the decision, accepted."""
    department = Institution.objects.get(short_name=row["department"])
    if Application.objects.filter(call=call, institution=department).exists():
        return
    applied = call.opens_at + datetime.timedelta(days=20)
    application = start_application(call, department, None, now=applied)
    save_draft(
        application,
        title=row["title"],
        answers={"kurs": row["kurs"], "budget": str(row["amount"])},
        files={},
    )
    submit_application(application, None, now=applied + datetime.timedelta(days=1))
    decisions.offer_place(application, None, call.decided_at)
    decisions.accept_place(application, None, now=call.decided_at + datetime.timedelta(days=7))
    Application.objects.filter(pk=application.pk).update(
        granted_amount=row["amount"], module=modules.get(row.get("module"))
    )


def seed_funded(call, row):
    """The funded projects of one demo call (its `funded` in calls.toml), made once."""
    if not row.get("funded"):
        return
    ensure_institutions(DATA["institutions"])
    modules = {spec["slug"]: ensure_module(spec) for spec in DATA["modules"]}
    for project in row["funded"]:
        ensure_project(call, project, modules)
