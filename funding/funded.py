"""The funded projects of calls and funders, and their totals: the one place that lists them.

A funded project is an application whose place was given and kept: awarded or accepted
(not declined, lapsed or withdrawn). Only what is public is read here: the institution,
the project title, the amount, the partners of its course module and links to that module
and its good-practice example when they are published. Never e-mails or project groups.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation

from home.originals import pages_to_show
from modules.models import CourseModulePage, partners_by_module
from practices.models import GoodPracticePage

from .choices import ApplicationState
from .models import Application, CallPage

FUNDED_STATES = (ApplicationState.AWARDED, ApplicationState.ACCEPTED)


@dataclass
class FundedProject:
    call_id: int  # the call's original page
    institution: object
    title: str
    amount: Decimal | None  # None: the call has no fixed grant and none was recorded
    currency: str
    partners: list = field(default_factory=list)
    module: object = None  # the published module page in the reader's language, or None
    example: object = None  # its published good-practice example, or None


@dataclass
class Totals:
    """How many projects, and the sum of their amounts per currency (never added across)."""

    count: int
    sums: list  # [(currency, Decimal)], by currency

    @classmethod
    def of(cls, projects):
        sums = defaultdict(Decimal)
        for project in projects:
            if project.amount is not None:
                sums[project.currency] += project.amount
        return cls(count=len(projects), sums=sorted(sums.items()))


def funded_applications(calls):
    """The funded applications of `calls` (original pages), by institution name."""
    return (
        Application.objects.filter(call__in=calls, state__in=FUNDED_STATES)
        .select_related("institution", "call", "module")
        .order_by("call_id", "institution__name", "reference")
    )


def granted(application):
    """The amount given: the one the managers recorded, else the call's fixed grant."""
    if application.granted_amount is not None:
        return application.granted_amount
    return application.call.grant_amount


def _published_modules(applications):
    """{original module id: (the module page shown, its example or None)}; published only."""
    originals = {a.module.original() for a in applications if a.module_id}
    shown = pages_to_show(CourseModulePage, originals)
    public = set(
        CourseModulePage.objects.filter(pk__in=[p.pk for p in shown.values() if p])
        .public()
        .values_list("pk", flat=True)
    )
    shown = {pk: page for pk, page in shown.items() if page and page.pk in public}
    keys = {page.translation_key: pk for pk, page in shown.items()}
    language = translation.get_language()
    examples = {}
    candidates = (
        GoodPracticePage.objects.live()
        .public()
        .filter(module__translation_key__in=keys)
        .select_related("module", "locale")
        .order_by("pk")
    )
    for example in candidates:
        pk = keys[example.module.translation_key]
        chosen = examples.get(pk)
        if chosen is None or (
            chosen.locale.language_code != language and example.locale.language_code == language
        ):
            examples[pk] = example
    return {pk: (page, examples.get(pk)) for pk, page in shown.items()}


def projects_of(calls):
    """The funded projects of `calls` (original pages), as `FundedProject`s, call by call."""
    applications = list(funded_applications(calls))
    modules = _published_modules(applications)
    partners = partners_by_module(list(modules))
    projects = []
    for application in applications:
        original = application.module.original().pk if application.module_id else None
        module, example = modules.get(original, (None, None))
        projects.append(
            FundedProject(
                call_id=application.call_id,
                institution=application.institution,
                title=application.title,
                amount=granted(application),
                currency=application.call.currency,
                partners=partners.get(original, []) if module else [],
                module=module,
                example=example,
            )
        )
    return projects


def call_projects(call):
    """(projects, totals) of one call; a translation answers its original's."""
    projects = projects_of([call.original()])
    return projects, Totals.of(projects)


def funder_calls(funder):
    """[(call page shown in the reader's language, its projects, its totals)] of a funder's
    live public calls, newest deadline first, and the totals over all of them."""
    live = CallPage.objects.live().public().filter(funder=funder)
    originals = {page.original() for page in live}
    shown = pages_to_show(CallPage, originals)
    by_call = defaultdict(list)
    for project in projects_of(list(originals)):
        by_call[project.call_id].append(project)
    rows = [
        (shown[original.pk], by_call[original.pk], Totals.of(by_call[original.pk]))
        for original in sorted(originals, key=lambda call: call.deadline, reverse=True)
        if shown.get(original.pk)
    ]
    return rows, Totals.of([project for _page, projects, _totals in rows for project in projects])


def funded_institution_names(call):
    """The names of the call's funded institutions, for the site search."""
    names = funded_applications([call.original()]).values_list(
        "institution__name", "institution__short_name"
    )
    return " ".join(part for pair in names for part in pair)


def _page_json(page):
    return {"id": page.pk, "title": page.title, "url": page.full_url} if page else None


def _amount_json(amount):
    return None if amount is None else f"{amount:.2f}"


def api_projects(call):
    """The call's funded projects for the pages API, in the call page's language."""
    with translation.override(call.locale.language_code):
        projects, _totals = call_projects(call)
    return [
        {
            "institution": {
                "id": project.institution.pk,
                "name": project.institution.name,
                "country": project.institution.country.code,
            },
            "partners": [
                {"id": partner.pk, "name": partner.name, "country": partner.country.code}
                for partner in project.partners
            ],
            "title": project.title,
            "amount": _amount_json(project.amount),
            "currency": project.currency,
            "module": _page_json(project.module),
            "good_practice": _page_json(project.example),
        }
        for project in projects
    ]


def api_totals(call):
    _projects, totals = call_projects(call)
    return {
        "count": totals.count,
        "amounts": [
            {"currency": currency, "amount": _amount_json(total)} for currency, total in totals.sums
        ],
    }
