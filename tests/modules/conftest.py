"""Shared fixtures for the course module tests: partners, teachers, an index and modules."""

import datetime

import bs4
import pytest
from django.contrib.auth.models import Group

from accounts.models import Institution, Sector
from modules.models import (
    CourseModulePage,
    EnrolmentState,
    Mode,
    ModuleIndexPage,
    ModuleSession,
    ModuleTeacher,
    WorkingLanguage,
)
from tests.factories import InstitutionFactory, UserFactory, demo_institutions

UTC = datetime.UTC


@pytest.fixture
def partners(db):
    """The demo institutions (OsloMet named by its short name) and one that is no partner."""
    demo = demo_institutions("OsloMet", "UCLL", "NCI", OsloMet="OsloMet")
    return {
        "oslo": demo["OsloMet"],
        "leuven": demo["UCLL"],
        "kolkata": demo["NCI"],
        "bergen": InstitutionFactory(
            name="University of Bergen",
            short_name="UiB",
            country="NO",
            city="Bergen",
            timezone="Europe/Oslo",
        ),
    }


def make_teacher(username, institution, timezone="Europe/Oslo", **kwargs):
    return UserFactory(
        username=username,
        institution=institution,
        timezone=timezone,
        roles=["Teachers"],
        **kwargs,
    )


@pytest.fixture
def teachers(partners):
    return {
        "oslo": make_teacher("teacher.oslo", partners["oslo"], display_name="Ingrid Hansen"),
        "leuven": make_teacher(
            "teacher.leuven", partners["leuven"], "Europe/Brussels", display_name="Pieter Janssens"
        ),
        "kolkata": make_teacher(
            "teacher.kolkata", partners["kolkata"], "Asia/Kolkata", display_name="Rohan Mukherjee"
        ),
        "oslo2": make_teacher("teacher.oslo2", partners["oslo"], display_name="Ola Nordmann"),
        "outsider": make_teacher("teacher.bergen", partners["bergen"], display_name="Kari Vik"),
    }


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", roles=["Editors"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def module_index(home_pages):
    index = home_pages["en"].add_child(
        instance=ModuleIndexPage(title="Course modules", slug="modules")
    )
    index.save_revision().publish()
    return index


def session(title, start, end, link="", place="", kind="synchronous"):
    return ModuleSession(
        title=title, kind=kind, starts_at=start, ends_at=end, online_link=link, place=place
    )


def build_module(
    index,
    title="Outdoor play across cultures",
    slug=None,
    partner_list=(),
    teacher_list=(),
    sessions=(),
    body=(),
    publish=True,
    **fields,
):
    """A module made the way the admin makes one: children in the cluster, then a revision.

    teacher_list holds (user, is_lead) pairs; each teacher is listed for their institution.
    """
    values = {
        "summary": "Students compare outdoor play in two countries.",
        "mode": Mode.COIL,
        "sector": Sector.HIGHER,
        "start_date": datetime.date(2027, 2, 22),
        "end_date": datetime.date(2027, 4, 2),
        "enrolment_state": EnrolmentState.RUNNING,
        "learning_outcomes": "Compare outdoor play\nPlan an activity together",
    }
    values.update(fields)
    page = CourseModulePage(title=title, slug=slug or title.lower().replace(" ", "-"), **values)
    page.partners = list(partner_list)
    page.working_languages = list(WorkingLanguage.objects.filter(code="en"))
    page.teachers = [
        ModuleTeacher(user=user, institution=user.institution, is_lead=lead)
        for user, lead in teacher_list
    ]
    page.sessions = list(sessions)
    page.body = list(body)
    if teacher_list:
        page.owner = teacher_list[0][0]
    page.live = publish
    index.add_child(instance=page)
    revision = page.save_revision(user=page.owner)
    if publish:
        revision.publish(skip_permission_checks=True)
    return CourseModulePage.objects.get(pk=page.pk)


@pytest.fixture
def make_module(module_index):
    def make(**kwargs):
        return build_module(module_index, **kwargs)

    return make


@pytest.fixture
def outdoor_play(make_module, partners, teachers):
    """OsloMet and UCLL, both teachers leads, sessions on both sides of Europe's DST change."""
    return make_module(
        partner_list=[partners["oslo"], partners["leuven"]],
        teacher_list=[(teachers["oslo"], True), (teachers["leuven"], True)],
        sessions=[
            session(
                "Kick-off",
                datetime.datetime(2027, 2, 23, 12, 0, tzinfo=UTC),
                datetime.datetime(2027, 2, 23, 13, 30, tzinfo=UTC),
                link="https://meet.example.org/kick-off",
            ),
            session(
                "Final presentations",
                datetime.datetime(2027, 3, 30, 11, 0, tzinfo=UTC),
                datetime.datetime(2027, 3, 30, 13, 0, tzinfo=UTC),
                link="https://meet.example.org/final",
            ),
        ],
    )


def teachers_group():
    return Group.objects.get(name="Teachers")


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def form_data_from(response):
    """What a browser would submit from the page form in `response`, as {name: [values]}.

    StreamField inputs are drawn by JavaScript in the browser, so the body is submitted
    empty: use this with modules whose body is empty.
    """
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", attrs={"data-edit-form": True}) or soup.find(
        "form", id="page-edit-form"
    )
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "input":
            kind = field.get("type", "text")
            if kind in ("submit", "button", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if field.has_attr("checked"):
                    data.setdefault(name, []).append(field.get("value", "on"))
                continue
            data.setdefault(name, []).append(field.get("value", ""))
        elif field.name == "select":
            chosen = [
                o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")
            ]
            if not chosen and not field.has_attr("multiple"):
                first = field.find("option")
                chosen = [first.get("value", first.text)] if first else []
            data.setdefault(name, []).extend(chosen)
        else:
            # Browsers drop the newline that starts a textarea's content.
            text = field.text
            data.setdefault(name, []).append(text[1:] if text.startswith("\n") else text)
    data.setdefault("body-count", ["0"])
    return data


def institution_by_short_name(short_name):
    return Institution.objects.get(short_name=short_name)
