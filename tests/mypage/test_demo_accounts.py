"""The my page of the demo accounts, on the demo data of seed_demo (without the examples)."""

import bs4
from django.core import mail
from django.test import Client, TestCase

from accounts.demo import seed as seed_accounts
from accounts.models import User
from collaboration.demo import MODULE_TITLE
from collaboration.demo import seed as seed_collaboration
from collaboration.models import Space, SpaceKind
from collaboration.services import mark_read
from home.demo import seed as seed_home
from modules.demo import seed as seed_modules
from modules.models import CourseModulePage, ModuleSession
from notifications.demo import seed as seed_notifications
from tests.modules.test_partner_approval import submit_change, workflow_action

# The demo sessions are in 2027; tests of sessions move them to 2099 (the same days and
# times, in winter and summer as before) so that they stay upcoming whatever today's date.
FUTURE_YEAR = 2099


def quiet(_line):
    pass


def page_of(response):
    assert response.status_code == 200
    return bs4.BeautifulSoup(response.content, "html.parser")


def text(node):
    return " ".join(node.get_text().split())


class DemoMyPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for seed in (
            seed_accounts,
            seed_home,
            seed_modules,
            seed_collaboration,
            seed_notifications,
        ):
            seed(quiet)

    def move_sessions_to_the_future(self):
        for session in ModuleSession.objects.all():
            session.starts_at = session.starts_at.replace(year=FUTURE_YEAR)
            session.ends_at = session.ends_at.replace(year=FUTURE_YEAR)
            session.save(update_fields=["starts_at", "ends_at"])

    def header_count(self, username):
        soup = page_of(self.client_for(username).get("/en/me/"))
        return text(soup.select_one("header [data-unread-notifications]"))

    def client_for(self, username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    def module(self):
        return CourseModulePage.objects.filter(title=MODULE_TITLE).order_by("pk").first()

    def card(self, soup, section, title):
        cards = soup.select(f"section[aria-labelledby={section}] article.mypage-module")
        found = [card for card in cards if card.find("h3").get_text(strip=True) == title]
        assert len(found) == 1, [card.find("h3").get_text(strip=True) for card in cards]
        return found[0]

    def test_a_student_sees_their_module_group_unread_counts_and_next_session(self):
        self.move_sessions_to_the_future()
        student = User.objects.get(username="student.oslo1")
        soup = page_of(self.client_for("student.oslo1").get("/en/me/"))
        studying = soup.select("section[aria-labelledby=studying-heading] article")
        assert len(studying) == 1  # only the module they are enrolled in
        card = self.card(soup, "studying-heading", MODULE_TITLE)
        assert card.find("h3").a["href"] == self.module().url

        group = card.select_one(".mypage-group a")
        assert group.get_text(strip=True) == "Group 1"
        spaces = {a.get_text(strip=True): a for a in card.select(".mypage-spaces a")}
        # The plaza and their own group; not Group 2, not the teachers' room.
        assert set(spaces) == {"Plaza", "Group 1"}
        plaza = Space.objects.get(module=self.module(), kind=SpaceKind.PLAZA)
        assert spaces["Plaza"]["href"] == plaza.get_absolute_url()
        unread = {
            li.a.get_text(strip=True): li.select_one("[data-unread]")
            for li in card.select(".mypage-spaces li")
        }
        # The demo's plaza has six messages, one of them Sofie's own; Group 1 three, one hers.
        assert unread["Plaza"]["data-unread"] == "5"
        assert text(unread["Plaza"]) == "5 unread"
        assert unread["Group 1"]["data-unread"] == "2"

        mark_read(user=student, space=plaza, up_to=plaza.messages.order_by("-pk")[0].pk)
        soup = page_of(self.client_for("student.oslo1").get("/en/me/"))
        card = self.card(soup, "studying-heading", MODULE_TITLE)
        plaza_row = card.select(".mypage-spaces li")[0]
        assert plaza_row.select_one("[data-unread]") is None
        assert "nothing new" in text(plaza_row)

        first = card.select(".mypage-session")[0]
        assert "Kick-off: meet your cross-campus group" in text(first)
        # 12:00 UTC on 23 February: 13:00 in Oslo (the student's zone) and in Leuven.
        when = text(first.select_one(".mypage-session-when"))
        assert f"23 February {FUTURE_YEAR}, 13:00–14:30" in when
        assert "(Europe/Oslo, your time)" in when
        local = text(first.select_one(".mypage-session-local"))
        assert "13:00 Oslo (Europe/Oslo)" in local
        assert "13:00 Leuven (Europe/Brussels)" in local
        # Participants get the online link.
        assert first.find("a", href="https://meet.example.org/outdoor-play-kick-off")

    def test_a_student_in_another_zone_sees_the_session_in_their_own_time(self):
        self.move_sessions_to_the_future()
        User.objects.filter(username="student.leuven1").update(timezone="America/New_York")
        soup = page_of(self.client_for("student.leuven1").get("/en/me/"))
        first = self.card(soup, "studying-heading", MODULE_TITLE).select(".mypage-session")[0]
        assert f"23 February {FUTURE_YEAR}, 07:00–08:30" in text(first)
        assert "(America/New_York, your time)" in text(first)
        assert "13:00 Leuven (Europe/Brussels)" in text(first)

    def test_the_page_speaks_the_language_of_its_address(self):
        self.move_sessions_to_the_future()
        soup = page_of(self.client_for("student.oslo1").get("/nb/me/"))
        assert soup.html["lang"] == "nb"
        card = self.card(soup, "studying-heading", "Uteleik på tvers av kulturer")
        assert "Oppstart" in text(card.select(".mypage-session")[0])
        assert soup.find("h2", id="studying-heading").get_text(strip=True) != (
            "Modules you take part in"
        )

    def test_teacher_leuven_is_asked_to_approve_after_teacher_oslo_submits(self):
        module = self.module()
        client = Client()
        oslo = User.objects.get(username="teacher.oslo")
        leuven = User.objects.get(username="teacher.leuven")
        assert self.header_count("teacher.leuven") == "0"
        with self.captureOnCommitCallbacks(execute=True):
            submit_change(client, oslo, module, summary="Children compare outdoor play.")

        soup = page_of(self.client_for("teacher.leuven").get("/en/me/"))
        assert text(soup.select_one("header [data-unread-notifications]")) == "1"
        [asked] = mail.outbox
        assert asked.to == ["teacher.leuven@example.org"]
        reviews = soup.select("section[aria-labelledby=awaits-heading] li")
        assert len(reviews) == 1
        assert text(reviews[0]).startswith(f"Approve for UCLL: {MODULE_TITLE}")
        assert reviews[0].a["href"] == f"/admin/pages/{module.pk}/edit/"
        card = self.card(soup, "teaching-heading", MODULE_TITLE)
        approval = text(card.select_one(".mypage-approval"))
        assert "Waiting for partner approval" in approval
        assert "Approved for OsloMet. Waiting for UCLL." in approval
        assert "Your approval for UCLL is awaited." in text(card)

        # The one who submitted sees where it stands, and nothing to do.
        soup = page_of(self.client_for("teacher.oslo").get("/en/me/"))
        assert not soup.select("section[aria-labelledby=awaits-heading]")
        card = self.card(soup, "teaching-heading", MODULE_TITLE)
        assert "Waiting for UCLL." in text(card)
        assert "Your approval" not in text(card)

        unread_before = int(self.header_count("teacher.oslo"))
        with self.captureOnCommitCallbacks(execute=True):
            workflow_action(client, leuven, module, "approve")
        soup = page_of(self.client_for("teacher.leuven").get("/en/me/"))
        assert not soup.select("section[aria-labelledby=awaits-heading]")
        # teacher.oslo is told in the platform and by e-mail, in their language.
        assert int(self.header_count("teacher.oslo")) == unread_before + 1
        published = mail.outbox[-1]
        assert published.to == ["teacher.oslo@example.org"]
        assert "«Uteleik på tvers av kulturer» er publisert." in published.body
        card = self.card(soup, "teaching-heading", MODULE_TITLE)
        assert text(card.select_one(".mypage-approval")) == "Published"

    def test_a_request_for_changes_is_shown_to_the_authors(self):
        module = self.module()
        client = Client()
        submit_change(client, User.objects.get(username="teacher.oslo"), module, summary="New.")
        workflow_action(
            client, User.objects.get(username="teacher.leuven"), module, "reject", comment="No."
        )
        soup = page_of(self.client_for("teacher.oslo").get("/en/me/"))
        card = self.card(soup, "teaching-heading", MODULE_TITLE)
        assert "Changes requested" in text(card)
        assert "Pieter Janssens asked for changes." in text(card)

    def test_a_teacher_sees_enrolment_figures_and_every_space_of_their_module(self):
        soup = page_of(self.client_for("teacher.oslo").get("/en/me/"))
        card = self.card(soup, "teaching-heading", MODULE_TITLE)
        assert "6 students enrolled." in text(card)
        spaces = [a.get_text(strip=True) for a in card.select(".mypage-spaces a")]
        assert spaces == ["Plaza", "Group 1", "Group 2", "Teachers’ room"]
        links = {a.get_text(strip=True): a["href"] for a in card.select(".mypage-actions a")}
        assert links["Groups"] == f"/en/modules/{self.module().pk}/groups/"
        assert not soup.select("section[aria-labelledby=studying-heading]")

    def test_coordinator_sees_the_institutions_modules_and_partnerships_without_names(self):
        soup = page_of(self.client_for("coordinator.oslo").get("/en/me/"))
        section = soup.select_one("section[aria-labelledby=coordinating-heading]")
        rows = {text(row.th): row for row in section.select("tbody tr")}
        assert MODULE_TITLE in rows
        assert text(rows[MODULE_TITLE].select("td")[-1]) == "6"
        partnerships = [text(li) for li in section.select(".mypage-people li")]
        assert partnerships[0].startswith("UC Leuven-Limburg (Belgium, Europe/Brussels)")
        assert any(p.startswith("Nordic Centre in India") for p in partnerships)
        page = text(soup.find("main"))
        for secret in ["Sofie Berg", "tikkertje", "@example.org"]:
            assert secret not in page
        assert not soup.select("section[aria-labelledby=studying-heading]")
        assert not soup.select("section[aria-labelledby=teaching-heading]")

    def test_a_student_sees_their_teachers_contact_but_nobody_else_sees_students(self):
        soup = page_of(self.client_for("student.oslo1").get("/en/me/"))
        mails = {a["href"] for a in soup.find("main").select("a[href^=mailto]")}
        assert mails == {"mailto:teacher.oslo@example.org", "mailto:teacher.leuven@example.org"}

    def test_a_student_without_a_module_is_told_how_to_join(self):
        soup = page_of(self.client_for("student.kolkata1").get("/en/me/"))
        section = soup.select_one("section[aria-labelledby=studying-heading]")
        assert "You do not take part in any module yet." in text(section)
        assert section.find("a", href="/en/modules/join/")
        assert not section.select("article")
        assert MODULE_TITLE not in text(soup.find("main"))

    def test_the_editor_is_pointed_to_the_admin(self):
        soup = page_of(self.client_for("editor").get("/en/me/"))
        section = soup.select_one("section[aria-labelledby=editing-heading]")
        assert "Nothing waits for your review" in text(section)
        assert section.find("a", href="/admin/")
        assert not soup.select("article.mypage-module")

    def test_the_header_links_to_my_page_for_everyone_signed_in(self):
        soup = page_of(self.client_for("student.oslo1").get("/sv/"))
        link = soup.select_one(".main-nav a[href='/sv/me/']")
        assert link is not None and link.get_text(strip=True) == "Min sida"
        soup = page_of(Client().get("/sv/"))
        assert soup.select_one(".main-nav a[href='/sv/me/']") is None
