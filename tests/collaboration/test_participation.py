"""The participation figures page: who sees which modules, the figures, CSV, and query count."""

import csv
import datetime
import io
import re
import uuid

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from accounts.roles import COORDINATORS, STUDENTS, TEACHERS
from collaboration.membership import place_student
from collaboration.models import Enrolment, Message, Space, SpaceKind, StudentGroup
from collaboration.services import hide_message, post_message
from modules.models import EnrolmentState, ModuleIndexPage
from tests.factories import (
    CourseModulePageFactory,
    InstitutionFactory,
    ModuleTeacherFactory,
    UserFactory,
)

from .conftest import logged_in

pytestmark = pytest.mark.django_db

URL = "/en/participation/"
SECRET_BODY = "Confidential remark about the kindergarten visit"
SECRET_TOPIC = "private planning"


def post(world, author, space, body, topic=None):
    return post_message(
        user=world[author], space=space, body=body, client_id=uuid.uuid4(), topic=topic
    ).message


@pytest.fixture
def discussed(world):
    """The world's module with messages in each kind of space, one of them hidden."""
    post(world, "teacher", world.plaza, "Welcome, everyone!")
    post(world, "a_oslo", world.plaza, SECRET_BODY, topic=SECRET_TOPIC)
    hidden = post(world, "a_leuven", world.plaza, "Something rude")
    post(world, "a_oslo", world.group_a, "Our plan for week one")
    post(world, "a_leuven", world.group_a, "Agreed")
    post(world, "b_leuven", world.group_b, "Hello group B")
    post(world, "teacher2", world.teachers_room, "How are the groups doing?")
    hide_message(user=world["teacher"], space=world.plaza, message_id=hidden.pk)
    return world


@pytest.fixture
def elsewhere(world):
    """A module without OsloMet, and a draft module with it."""
    index = ModuleIndexPage.objects.get()
    leuven = world["teacher2"].institution
    kolkata = world["other_teacher"].institution
    foreign = CourseModulePageFactory(parent=index, title="Leuven and Kolkata only")
    foreign.partners.set([leuven, kolkata])
    foreign.save()
    draft = CourseModulePageFactory(parent=index, title="Oslo draft", live=False)
    draft.partners.set([world["coordinator"].institution, leuven])
    draft.save()
    return foreign, draft


def html_of(user, query="", language="en"):
    response = logged_in(user).get(f"/{language}/participation/{query}")
    assert response.status_code == 200
    return response.content.decode()


def module_titles(html):
    return [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(r'<h3 id="module-\d+">\s*(.*?)\s*(?:<span|</h3>)', html, re.S)
    ]


def article(html, module):
    match = re.search(
        rf'<article class="card participation-module" aria-labelledby="module-{module.pk}">'
        r"(.*?)</article>",
        html,
        re.S,
    )
    assert match, f"no figures for {module.title}"
    return match.group(1)


def figure(block, name):
    match = re.search(rf'data-figure="{name}">(.*?)</td>', block, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def institution_rows(table):
    """(institution, country, number) for each row of a table of institutions."""
    rows = re.findall(
        r'<th scope="row">([^<]+?)\s*(?:<span class="country">([^<]+)</span>)?\s*</th>\s*'
        r'<td class="number">(\d+)</td>',
        table,
    )
    return [(name.strip(), country, int(count)) for name, country, count in rows]


def enrolled_rows(block):
    return institution_rows(re.search(r'<table class="enrolled">.*?</table>', block, re.S).group(0))


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="participation-')
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# Who may see it ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "editor", "teacher", "superuser"])
def test_coordinators_editors_teachers_and_superusers_see_the_page(world, who):
    html = html_of(world[who])
    assert "<h1>Participation figures</h1>" in html
    assert f'<a href="{URL}" aria-current="page">Participation</a>' in html


@pytest.mark.parametrize("who", ["a_oslo", "kolkata"])
def test_students_are_refused(world, who):
    response = logged_in(world[who]).get(URL)
    assert response.status_code == 403
    assert "Participation figures are for coordinators, editors and teachers." in (
        response.content.decode()
    )
    assert logged_in(world[who]).get(URL + "?format=csv").status_code == 403


def test_a_person_without_a_role_is_refused(world):
    nobody = UserFactory(username="no.role", institution=world["coordinator"].institution)
    assert logged_in(nobody).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = Client().get(URL + "?format=csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/participation/")


def test_a_deactivated_coordinator_is_sent_to_sign_in(world):
    client = logged_in(world["coordinator"])
    world["coordinator"].is_active = False
    world["coordinator"].save()
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize(
    ("who", "shown"),
    [("coordinator", True), ("editor", True), ("teacher", True), ("a_oslo", False)],
)
def test_the_header_links_the_page_only_for_its_viewers(world, home_pages, who, shown):
    html = logged_in(world[who]).get("/en/").content.decode()
    assert (f'<a href="{URL}">Participation</a>' in html) is shown
    assert "Participation" not in Client().get("/en/").content.decode()


def test_the_header_check_costs_one_query_per_request(world, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = type(world["coordinator"]).objects.get(pk=world["coordinator"].pk)
    template = Template(
        "{% load participation_tags %}{% sees_participation as a %}"
        "{% sees_participation as b %}{{ a }} {{ b }}"
    )
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request})) == "True True"


# Which modules -----------------------------------------------------------------------------


def test_a_coordinator_sees_only_their_institutions_modules(world, elsewhere):
    foreign, draft = elsewhere
    html = html_of(world["coordinator"])
    assert sorted(module_titles(html)) == sorted(["Outdoor play", "Another module", "Oslo draft"])
    assert "Leuven and Kolkata only" not in html
    assert "Modules in which OsloMet is a partner" in html
    # The draft is named as such and not linked; published modules link to their page.
    draft_block = article(html, draft)
    assert '<span class="badge badge-warn">Draft</span>' in draft_block
    assert "<a href" not in draft_block
    assert f'<a href="{world.module.url}">Outdoor play</a>' in article(html, world.module)
    assert "Draft" not in article(html, world.module)


def test_the_coordinators_partnerships_are_summed_up(world, elsewhere):
    html = html_of(world["coordinator"])
    summary = re.search(r'<table class="partnerships">(.*?)</table>', html, re.S).group(1)
    # UCLL shares "Outdoor play" and the draft; NCI shares "Another module".
    assert institution_rows(summary) == [
        ("UC Leuven-Limburg", "Belgium", 2),
        ("Nordic Centre in India", "India", 1),
    ]


def test_editors_and_superusers_see_every_module(world, elsewhere):
    for who in ("editor", "superuser"):
        html = html_of(world[who])
        assert sorted(module_titles(html)) == sorted(
            ["Outdoor play", "Another module", "Oslo draft", "Leuven and Kolkata only"]
        )
        assert "All modules on the platform" in html
        assert 'class="partnerships"' not in html


def test_a_teacher_sees_the_modules_they_teach(world, elsewhere):
    assert module_titles(html_of(world["other_teacher"])) == ["Another module"]
    assert module_titles(html_of(world["teacher"])) == ["Outdoor play"]


def test_a_coordinator_who_also_teaches_sees_both(world, elsewhere):
    foreign, _draft = elsewhere
    coordinator = world["coordinator"]
    coordinator.groups.add(*type(coordinator.groups.first()).objects.filter(name=TEACHERS))
    ModuleTeacherFactory(page=foreign, user=coordinator, institution=coordinator.institution)
    titles = module_titles(html_of(coordinator))
    assert sorted(titles) == sorted(
        ["Outdoor play", "Another module", "Oslo draft", "Leuven and Kolkata only"]
    )


def test_a_coordinator_without_an_institution_gets_an_explanation(world):
    lost = UserFactory(username="coordinator.nowhere", roles=[COORDINATORS], institution=None)
    response = logged_in(lost).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your account is not linked to an institution" in html
    assert "An administrator can set your institution" in html
    assert module_titles(html) == []
    assert "There are no modules to show yet." in html


def test_translations_count_as_one_module_shown_in_the_viewers_language(world, home_pages):
    index = ModuleIndexPage.objects.get()
    index.copy_for_translation(Locale.objects.get(language_code="nb"))
    translation = world.module.copy_for_translation(Locale.objects.get(language_code="nb"))
    translation.title = "Uteleik"
    translation.save_revision().publish()
    coordinator = world["coordinator"]
    assert sorted(module_titles(html_of(coordinator))) == ["Another module", "Outdoor play"]
    html = html_of(coordinator, language="nb")
    assert sorted(module_titles(html)) == sorted(["Uteleik", "Another module"])
    # The figures still belong to the original page.
    assert f'<a href="{translation.url}">Uteleik</a>' in article(html, world.module)


def test_the_enrolment_state_filter(world, elsewhere):
    foreign, draft = elsewhere
    draft.enrolment_state = EnrolmentState.OPEN
    draft.save()
    html = html_of(world["coordinator"], "?state=open")
    assert module_titles(html) == ["Oslo draft"]
    assert 'href="/en/participation/?state=open&amp;format=csv"' in html
    html = html_of(world["coordinator"], "?state=completed")
    assert module_titles(html) == []
    assert "No module in this enrolment state." in html


def test_an_unknown_state_or_format_is_a_clear_error(world):
    client = logged_in(world["coordinator"])
    response = client.get(URL + "?state=finished")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html and module_titles(html) == []
    response = client.get(URL + "?format=xlsx")
    assert response.status_code == 400
    assert "downloaded as CSV" in response.content.decode()


# The figures -------------------------------------------------------------------------------


def test_the_figures_of_a_module(discussed):
    world = discussed
    block = article(html_of(world["coordinator"]), world.module)
    assert enrolled_rows(block) == [
        ("OsloMet", "Norway", 2),
        ("UC Leuven-Limburg", "Belgium", 3),
    ]
    assert re.search(r'<td class="number total">5</td>', block)
    assert figure(block, "groups") == "2"
    assert figure(block, "plaza") == "3"
    assert figure(block, "group") == "3"
    assert figure(block, "teachers") == "1"
    assert figure(block, "hidden") == "1"
    # a_oslo, a_leuven and b_leuven posted; the teachers are not counted.
    assert figure(block, "posted") == "3 of 5"
    assert "COIL" in block and "Running" in block
    assert "1 February 2027" in block and "14 March 2027" in block


def test_a_module_without_activity_shows_zeros(world):
    block = article(html_of(world["coordinator"]), world.other_module)
    assert enrolled_rows(block) == [
        ("Nordic Centre in India", "India", 0),
        ("OsloMet", "Norway", 0),
    ]
    for name in ("groups", "plaza", "group", "teachers", "hidden"):
        assert figure(block, name) == "0"
    assert figure(block, "posted") == "0 of 0"
    assert figure(block, "last") == "—"


def test_students_from_outside_the_partners_are_counted_apart(world):
    Enrolment.objects.create(module=world.module, student=world["kolkata"])
    block = article(html_of(world["editor"]), world.module)
    assert enrolled_rows(block)[-1] == ("Other or no institution", "", 1)
    assert re.search(r'<td class="number total">6</td>', block)


def test_a_removed_student_no_longer_counts_as_posting(discussed):
    world = discussed
    Enrolment.objects.get(module=world.module, student=world["b_leuven"]).delete()
    block = article(html_of(world["coordinator"]), world.module)
    assert figure(block, "posted") == "2 of 4"
    assert figure(block, "group") == "3"  # their messages stay


def test_the_last_message_in_the_viewers_time_zone(discussed):
    world = discussed
    Message.objects.filter(space__module=world.module).update(
        created_at=datetime.datetime(2027, 2, 10, 12, 0, tzinfo=datetime.UTC)
    )
    Message.objects.filter(space=world.group_b).update(
        created_at=datetime.datetime(2027, 2, 11, 22, 30, tzinfo=datetime.UTC)
    )
    coordinator = world["coordinator"]
    assert figure(article(html_of(coordinator), world.module), "last") == "11 February 2027, 23:30"
    coordinator.timezone = "Asia/Kolkata"
    coordinator.save()
    html = html_of(coordinator)
    assert figure(article(html, world.module), "last") == "12 February 2027, 04:00"
    assert "Times are shown in Asia/Kolkata." in html


def test_no_message_content_topic_or_student_name_is_shown(discussed):
    world = discussed
    students = [world[name] for name in ("a_oslo", "a_leuven", "b_oslo", "b_leuven", "ungrouped")]
    coordinator = logged_in(world["coordinator"])
    html = coordinator.get(URL).content.decode()
    text = coordinator.get(URL + "?format=csv").content.decode("utf-8-sig")
    for output in (html, text):
        assert "Outdoor play" in output
        for secret in (SECRET_BODY, SECRET_TOPIC, "Hello group B", "Something rude", "week one"):
            assert secret not in output
        for student in students:
            assert student.name not in output
            assert student.username not in output
        assert "Group A" not in output and "Group B" not in output


def test_names_written_by_users_are_escaped(world):
    world.module.title = "<script>alert(1)</script>"
    world.module.save()
    html = html_of(world["coordinator"])
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# CSV ---------------------------------------------------------------------------------------


def test_csv_has_the_same_figures(discussed):
    world = discussed
    rows = csv_rows(logged_in(world["coordinator"]).get(URL + "?format=csv"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Module", "Status", "Address"]
    assert header[-1] == "Last message (Europe/Oslo)"
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert sorted(by_title) == ["Another module", "Outdoor play"]
    outdoor = by_title["Outdoor play"]
    assert outdoor["Status"] == "Published"
    assert outdoor["Address"] == f"http://testserver{world.module.url}"
    assert outdoor["Mode"] == "COIL"
    assert (outdoor["Start date"], outdoor["End date"]) == ("2027-02-01", "2027-03-14")
    assert outdoor["Enrolment"] == "Running"
    assert outdoor["Partner institutions"] == "OsloMet (Norway); UC Leuven-Limburg (Belgium)"
    assert outdoor["Enrolled students by institution"] == "OsloMet: 2; UC Leuven-Limburg: 3"
    assert outdoor["Enrolled students"] == "5"
    assert outdoor["Groups"] == "2"
    assert outdoor["Messages in the plaza"] == "3"
    assert outdoor["Messages in group spaces"] == "3"
    assert outdoor["Messages in the teachers’ room"] == "1"
    assert outdoor["Hidden messages"] == "1"
    assert outdoor["Students who posted"] == "3"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", outdoor["Last message (Europe/Oslo)"])
    assert by_title["Another module"]["Last message (Europe/Oslo)"] == ""


def test_csv_follows_the_filter(world, elsewhere):
    _foreign, draft = elsewhere
    draft.enrolment_state = EnrolmentState.CLOSED
    draft.save()
    rows = csv_rows(logged_in(world["coordinator"]).get(URL + "?state=closed&format=csv"))
    assert [row[:2] for row in rows[1:]] == [["Oslo draft", "Draft"]]
    assert rows[1][2] == ""  # drafts have no public address


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_cannot_become_formulas(world, start):
    world.module.title = f'{start}HYPERLINK("http://evil.example";"x")'
    world.module.save()
    leuven = world["teacher2"].institution
    leuven.name = f"{start}cmd|' /C calc'!A0"
    leuven.save()
    rows = csv_rows(logged_in(world["coordinator"]).get(URL + "?format=csv"))
    row = next(row for row in rows if "HYPERLINK" in row[0])
    assert row[0] == f'\'{start}HYPERLINK("http://evil.example";"x")'
    # A partner's name in the middle of a cell is harmless; at the start it is quoted too.
    assert row[7] == f"'{start}cmd|' /C calc'!A0 (Belgium); OsloMet (Norway)"
    for cell in (cell for row in rows for cell in row):
        assert not cell.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nb", ["Deltakertall", "Deltakelse", "Påmeldte studenter", "Emnemodul", "Publisert"]),
        ("sv", ["Deltagarsiffror", "Deltagande", "Anmälda studenter", "Kursmodul", "Publicerad"]),
    ],
)
def test_page_and_csv_in_the_viewers_language(world, language, words):
    heading, link, enrolled, module, published = words
    client = logged_in(world["coordinator"])  # whose profile says English
    url = f"/{language}/participation/"
    html = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert f'aria-current="page">{link}</a>' in html
    assert f">{enrolled}</caption>" in html
    rows = csv_rows(client.get(url + "?format=csv"))
    assert rows[0][:2] == [module, "Status"]
    assert {row[1] for row in rows[1:]} == {published}


# Queries -----------------------------------------------------------------------------------


def busy_modules(numbers, partners, oslo):
    """Modules with partners, students in groups, and messages in every space."""
    index = ModuleIndexPage.objects.get()
    for number in numbers:
        module = CourseModulePageFactory(parent=index, title=f"Busy module {number}")
        module.partners.set([oslo, *partners])
        module.save()
        teacher = UserFactory(username=f"busy.teacher{number}", roles=[TEACHERS], institution=oslo)
        ModuleTeacherFactory(page=module, user=teacher, institution=oslo)
        groups = [StudentGroup.objects.create(module=module, name=f"G{g}") for g in range(3)]
        for n, partner in enumerate([oslo, *partners]):
            student = UserFactory(
                username=f"busy.student{number}.{n}", roles=[STUDENTS], institution=partner
            )
            Enrolment.objects.create(module=module, student=student)
            place_student(module, student, groups[n % 3])
        for space in Space.objects.filter(module=module):
            author = teacher if space.kind == SpaceKind.TEACHERS else student
            Message.objects.create(
                space=space, author=author, body="x", body_html="<p>x</p>", hidden=n % 2 == 0
            )


def count_queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["coordinator", "editor"])
@pytest.mark.parametrize(
    ("output", "most"),
    # The page's own queries are those of the CSV; the rest come from the site's header.
    [("", 25), ("?format=csv", 12)],
)
def test_queries_do_not_grow_with_modules(world, who, output, most, django_assert_max_num_queries):
    oslo = world["coordinator"].institution
    partners = [
        InstitutionFactory(name=f"Partner {n}", short_name=f"P{n}", country=country)
        for n, country in enumerate(["BE", "IN", "DE", "JP"])
    ]
    client = logged_in(world[who])
    client.get(URL)  # warm caches (site root paths, content types) once
    busy_modules(range(1), partners[:1], oslo)
    with django_assert_max_num_queries(most):
        one = count_queries(client, output)
    # Four more modules, with more partners, students, groups and messages each.
    busy_modules(range(1, 5), partners, oslo)
    with django_assert_max_num_queries(one):
        response = client.get(URL + output)
    assert response.content.decode("utf-8-sig").count("Busy module") == 5
