"""The public module page: what it shows, in which time zone, to whom, for how many queries."""

import datetime
import re

import bs4
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from modules.models import ModuleIndexPage, WorkingLanguage
from tests.modules.conftest import UTC, build_module, session

pytestmark = pytest.mark.django_db


def page_text(response):
    assert response.status_code == 200
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    return re.sub(r"\s+", " ", soup.get_text(" "))


def sessions_text(response):
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    return [re.sub(r"\s+", " ", li.get_text(" ")).strip() for li in soup.select(".session")]


def activity(kind, week, title, **extra):
    value = {
        "title": title,
        "week": week,
        "duration": "60 minutes",
        "instructions": f"<p>Instructions for {title}.</p>",
        **extra,
    }
    return {"type": kind, "value": value}


@pytest.fixture
def module_with_body(make_module, partners, teachers):
    return make_module(
        title="Children’s rights",
        slug="childrens-rights",
        partner_list=[partners["oslo"], partners["leuven"], partners["kolkata"]],
        teacher_list=[
            (teachers["oslo"], True),
            (teachers["oslo2"], False),
            (teachers["leuven"], True),
            (teachers["kolkata"], True),
        ],
        sessions=[
            session(
                "Opening",
                datetime.datetime(2027, 3, 2, 13, 0, tzinfo=UTC),
                datetime.datetime(2027, 3, 2, 14, 30, tzinfo=UTC),
                link="https://meet.example.org/opening",
            ),
        ],
        body=[
            activity("reflection", 2, "Learning log"),
            activity("ice_breaker", 1, "A right I remember"),
            activity(
                "assessment",
                2,
                "Poster",
                rubric=[{"criterion": "Use of sources", "weight": 50, "excellent": "All"}],
            ),
            activity("group_project", 1, "Participation project", deliverable="A poster"),
        ],
    )


def test_partners_teachers_outcomes_and_activities_by_week(client, module_with_body):
    response = client.get(module_with_body.url)
    text = page_text(response)
    for expected in (
        "OsloMet Oslo, Norway",
        "UC Leuven-Limburg Leuven, Belgium",
        "Nordic Centre in India Kolkata, India",
        "Ingrid Hansen lead",
        "Ola Nordmann",
        "Compare outdoor play",
        "Plan an activity together",
    ):
        assert expected in text
    assert "Ola Nordmann lead" not in text
    # Flags stand next to the partners' names, as images of django-countries (an emoji flag
    # is a box in many fonts): named where the name is not written next to them.
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    facts = {img["alt"]: img["src"] for img in soup.select(".module-facts img.flag")}
    assert facts == {
        "Norway": "/static/flags/no.gif",
        "Belgium": "/static/flags/be.gif",
        "India": "/static/flags/in.gif",
    }
    listed = soup.select(".partner-name img.flag")
    assert len(listed) == 3 and all(img["alt"] == "" and img["aria-hidden"] for img in listed)
    assert "🇳🇴" not in response.content.decode()
    # Week 1 comes first, with both of its activities, then week 2 with its two.
    weeks = [
        (
            w.find("h3").get_text(strip=True),
            [h.get_text(strip=True) for h in w.select(".activity-title")],
        )
        for w in soup.select("section.week")
    ]
    assert weeks == [
        ("Week 1", ["A right I remember", "Participation project"]),
        ("Week 2", ["Learning log", "Poster"]),
    ]
    assert "Deliverable: A poster" in text
    assert "Use of sources (50 %)" in text
    assert "Ice-breaker" in text and "Assessment" in text


def test_anonymous_visitors_see_utc_and_the_time_at_each_partner(client, module_with_body):
    (opening,) = sessions_text(client.get(module_with_body.url))
    assert "Tuesday 2 March 2027 13:00–14:30" in opening
    assert "At the partners: 18:30 Kolkata · 14:00 Oslo · 14:00 Leuven" in opening


def test_times_in_the_viewers_own_zone_across_the_spring_change(client, outdoor_play, teachers):
    # teacher.oslo's profile says Europe/Oslo: 12:00 UTC is 13:00 in February, and the
    # 11:00 UTC session after the change to summer time is also 13:00 in Oslo.
    client.force_login(teachers["oslo"])
    kick_off, final = sessions_text(client.get(outdoor_play.url))
    assert "Tuesday 23 February 2027 13:00–14:30" in kick_off
    assert "Tuesday 30 March 2027 13:00–15:00" in final
    assert "At the partners: 13:00 Oslo · 13:00 Leuven" in final
    anonymous_final = sessions_text(client.__class__().get(outdoor_play.url))[1]
    assert "Tuesday 30 March 2027 11:00–13:00" in anonymous_final


def test_kolkata_viewer_and_a_chosen_zone(client, outdoor_play, teachers):
    client.force_login(teachers["kolkata"])
    kick_off, final = sessions_text(client.get(outdoor_play.url))
    assert "Tuesday 23 February 2027 17:30–19:00" in kick_off
    assert "Tuesday 30 March 2027 16:30–18:30" in final
    # Anyone may ask for another zone; an unknown one is ignored.
    kick_off, _final = sessions_text(client.get(outdoor_play.url + "?tz=America/New_York"))
    assert "Tuesday 23 February 2027 07:00–08:30" in kick_off
    text = page_text(client.get(outdoor_play.url + "?tz=Mars/Olympus"))
    assert "Times are shown in Asia/Kolkata" in text


def test_a_late_session_names_the_next_day_where_it_falls(client, make_module, partners, teachers):
    module = make_module(
        title="Evening call",
        partner_list=[partners["oslo"], partners["kolkata"]],
        teacher_list=[(teachers["oslo"], True), (teachers["kolkata"], True)],
        sessions=[
            session(
                "Late",
                datetime.datetime(2027, 3, 3, 19, 0, tzinfo=UTC),
                datetime.datetime(2027, 3, 3, 20, 0, tzinfo=UTC),
            )
        ],
    )
    client.force_login(teachers["oslo"])
    (late,) = sessions_text(client.get(module.url))
    assert "At the partners: 00:30 Thursday Kolkata · 20:00 Oslo" in late


def test_golden_hours_of_the_partners(client, make_module, partners, teachers):
    module = make_module(
        title="Golden",
        partner_list=[partners["oslo"], partners["kolkata"]],
        teacher_list=[(teachers["oslo"], True), (teachers["kolkata"], True)],
        start_date=datetime.date(2027, 3, 22),
        end_date=datetime.date(2027, 4, 2),
    )
    soup = bs4.BeautifulSoup(client.get(module.url).content, "html.parser")
    rows = [
        [re.sub(r"\s+", " ", td.get_text(" ")).strip() for td in tr.find_all("td")]
        for tr in soup.select("table.golden-hours tbody tr")
    ]
    assert rows == [
        [
            "22 March 2027 – 26 March 2027 Monday to Friday",
            "07:00–12:30",
            "12:30–18:00 Kolkata 08:00–13:30 Oslo",
        ],
        [
            "29 March 2027 – 2 April 2027 Monday to Friday",
            "06:00–12:30",
            "11:30–18:00 Kolkata 08:00–14:30 Oslo",
        ],
    ]


def test_no_golden_hours_is_said_plainly(client, make_module, partners, teachers):
    honolulu = partners["leuven"]
    honolulu.timezone, honolulu.city = "Pacific/Honolulu", "Honolulu"
    honolulu.save()
    module = make_module(
        title="Far apart",
        partner_list=[partners["oslo"], honolulu],
        teacher_list=[(teachers["oslo"], True), (teachers["leuven"], True)],
    )
    assert "working hours never overlap" in page_text(client.get(module.url))


def test_online_links_only_for_participants(client, outdoor_play, teachers, superuser):
    link = "https://meet.example.org/kick-off"
    assert link not in client.get(outdoor_play.url).content.decode()
    assert "shown to the module’s teachers and students" in page_text(client.get(outdoor_play.url))
    client.force_login(teachers["kolkata"])
    assert link not in client.get(outdoor_play.url).content.decode()
    client.force_login(teachers["leuven"])
    assert link in client.get(outdoor_play.url).content.decode()
    client.force_login(superuser)
    assert link in client.get(outdoor_play.url).content.decode()


def test_other_apps_can_add_participants(client, outdoor_play, teachers):
    kolkata = teachers["kolkata"]

    def kolkata_takes_part(module, user):
        return module.pk == outdoor_play.pk and user.pk == kolkata.pk

    client.force_login(kolkata)
    with hooks.register_temporarily("module_participant_check", kolkata_takes_part):
        assert "https://meet.example.org/kick-off" in client.get(outdoor_play.url).content.decode()


def test_teachers_get_an_edit_link_and_the_code_stays_private(client, outdoor_play, teachers):
    code = outdoor_play.invitation_code
    assert code not in client.get(outdoor_play.url).content.decode()
    client.force_login(teachers["leuven"])
    response = client.get(outdoor_play.url)
    assert f"/admin/pages/{outdoor_play.pk}/edit/" in response.content.decode()
    client.force_login(teachers["kolkata"])
    assert (
        f"/admin/pages/{outdoor_play.pk}/edit/" not in client.get(outdoor_play.url).content.decode()
    )


def test_what_people_write_is_escaped(client, make_module, partners, teachers):
    module = make_module(
        title="<script>alert('title')</script>",
        slug="escaped",
        summary="<img src=x onerror=alert(1)>",
        learning_outcomes="<b>bold</b> outcome",
        partner_list=[partners["oslo"], partners["leuven"]],
        teacher_list=[(teachers["oslo"], True), (teachers["leuven"], True)],
        body=[
            {
                "type": "reflection",
                "value": {
                    "title": "<script>x</script>",
                    "week": 1,
                    "duration": "<i>long</i>",
                    "instructions": "<p>Write.</p>",
                },
            }
        ],
    )
    html = client.get(module.url).content.decode()
    assert "<script>alert" not in html and "<script>x" not in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html and "<i>long" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html


def test_a_translation_shows_its_words_and_the_originals_facts(
    client, outdoor_play, home_pages, teachers
):
    nb = home_pages["nb"].locale
    ModuleIndexPage.objects.get().copy_for_translation(nb).save_revision().publish()
    translation = outdoor_play.copy_for_translation(nb)
    translation.title = "Uteleik på tvers av kulturer"
    translation.slug = "uteleik"
    translation.save_revision().publish()

    # The original's sessions change later; the translation shows the new times at once.
    original = outdoor_play.get_latest_revision_as_object()
    kick_off = original.sessions.all()[0]
    kick_off.starts_at = datetime.datetime(2027, 2, 23, 11, 0, tzinfo=UTC)
    original.sessions = [kick_off, *original.sessions.all()[1:]]
    original.save_revision().publish(skip_permission_checks=True)

    translation.refresh_from_db()
    response = client.get(translation.url)
    text = page_text(response)
    assert "Uteleik på tvers av kulturer" in text
    assert "11:00–13:30" in sessions_text(response)[0]
    # The facts were also copied into the translation's own rows (used by filters, API).
    assert translation.sessions.order_by("starts_at").first().starts_at.hour == 11


def query_count(client, url, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def big_module(index, partners, teachers, n, slug):
    teacher_list = [
        (teachers["oslo"], True),
        (teachers["leuven"], True),
        (teachers["kolkata"], True),
    ]
    sessions = [
        session(
            f"Session {i}",
            datetime.datetime(2027, 3, 1, 8, 0, tzinfo=UTC) + datetime.timedelta(days=i % 30),
            datetime.datetime(2027, 3, 1, 9, 0, tzinfo=UTC) + datetime.timedelta(days=i % 30),
            link=f"https://meet.example.org/{i}",
        )
        for i in range(n)
    ]
    body = [
        activity(kind, 1 + i % 6, f"Activity {i}")
        for i, kind in enumerate(["ice_breaker", "reflection", "group_project"] * n)
    ]
    module = build_module(
        index,
        title=f"Module {slug}",
        slug=slug,
        partner_list=[partners["oslo"], partners["leuven"], partners["kolkata"]][
            : 2 if n < 3 else 3
        ],
        teacher_list=teacher_list[: 2 if n < 3 else 3],
        sessions=sessions,
        body=body,
    )
    module.working_languages.set(WorkingLanguage.objects.all()[:n])
    module.tags.add(*[f"tag {i}" for i in range(n)])
    module.save()
    return module


@pytest.mark.parametrize("viewer", ["anonymous", "teacher.oslo"])
def test_a_module_page_costs_the_same_queries_whatever_its_size(
    client, module_index, partners, teachers, viewer, django_assert_max_num_queries
):
    small = big_module(module_index, partners, teachers, 1, "small")
    large = big_module(module_index, partners, teachers, 25, "large")
    if viewer != "anonymous":
        client.force_login(teachers["oslo"])
    client.get(small.url)  # warm caches (site root, content types) once
    small_count = query_count(client, small.url, django_assert_max_num_queries)
    large_count = query_count(client, large.url, django_assert_max_num_queries)
    assert small_count == large_count
    assert len(sessions_text(client.get(large.url))) == 25
    with django_assert_max_num_queries(small_count):
        client.get(large.url)


def test_norwegian_and_swedish_interface(client, outdoor_play, home_pages):
    index = ModuleIndexPage.objects.get()
    for code, expected in (
        ("nb", ["Læringsutbytte", "Økter", "Gylne timer", "Hos partnerne:"]),
        ("sv", ["Lärandemål", "Pass", "Gyllene timmar", "Hos partnerna:"]),
    ):
        locale = home_pages[code].locale
        index.copy_for_translation(locale).save_revision().publish()
        alias = outdoor_play.copy_for_translation(locale, alias=True)
        text = page_text(client.get(alias.url))
        for phrase in expected:
            assert phrase in text


def test_a_translation_keeps_its_session_titles_while_the_times_stay(
    client, outdoor_play, home_pages
):
    nb = home_pages["nb"].locale
    ModuleIndexPage.objects.get().copy_for_translation(nb).save_revision().publish()
    translation = outdoor_play.copy_for_translation(nb)
    rows = list(translation.sessions.order_by("starts_at"))
    rows[0].title, rows[1].title = "Oppstart", "Sluttpresentasjoner"
    translation.sessions = rows
    translation.save_revision().publish()

    # The original moves its final session: that one falls back to the original's title.
    original = outdoor_play.get_latest_revision_as_object()
    kick_off, final = original.sessions.order_by("starts_at")
    final.starts_at += datetime.timedelta(days=1)
    final.ends_at += datetime.timedelta(days=1)
    original.sessions = [kick_off, final]
    original.save_revision().publish(skip_permission_checks=True)

    translation.refresh_from_db()
    titles = [s.split(" Synchronous")[0] for s in sessions_text(client.get(translation.url))]
    assert "Oppstart" in titles[0]
    assert "Final presentations" in titles[1]
    calendar = client.get(translation.url + "calendar.ics").content.decode()
    assert "SUMMARY:Oppstart" in calendar


def test_a_visitors_time_zone_cookie_shows_the_sessions_in_that_zone(client, module_with_body):
    client.cookies[settings.TIME_ZONE_COOKIE_NAME] = "Asia/Kolkata"
    response = client.get(module_with_body.url)
    (opening,) = sessions_text(response)
    assert "Tuesday 2 March 2027 18:30–20:00" in opening
    page_text = bs4.BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Times are shown in Asia/Kolkata ." in " ".join(page_text.split())


def test_a_time_zone_cookie_naming_no_zone_is_ignored(client, module_with_body):
    client.cookies[settings.TIME_ZONE_COOKIE_NAME] = "Asia/Nowhere"
    (opening,) = sessions_text(client.get(module_with_body.url))
    assert "Tuesday 2 March 2027 13:00–14:30" in opening
