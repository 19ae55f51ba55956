"""Every kind of page of the demo site, in each language, and who reads it.

``page_urls(live_server)`` asks the servers' database (through ``manage.py shell``) for the
address of each page in en, nb and sv, built with Django's ``reverse`` under
``translation.override`` and Wagtail's page URLs, so that the addresses follow the URL
configuration. ``PAGES`` names each kind of page and the demo account that signs in to read
it (None: a visitor). The phone e2e test and ``bench/screenshots.py`` both use them.
"""

import json

LANGUAGES = ("en", "nb", "sv")

# (name, demo account or None)
PAGES = [
    ("home", None),
    ("module-index", None),
    ("module", "teacher.oslo"),
    ("practice-index", None),
    ("practice", None),
    ("space", "student.oslo1"),
    ("group", "student.oslo1"),
    ("enrolment", "teacher.oslo"),
    ("groups", "teacher.oslo"),
    ("participation", "coordinator.oslo"),
    ("my-page-student", "student.oslo1"),
    ("my-page-teacher", "teacher.oslo"),
    ("notifications", "student.oslo1"),
    ("notification-settings", "student.oslo1"),
    ("profile", "student.oslo1"),
    ("sign-in", None),
    ("password-reset", None),
    ("join", None),
    ("invitation", None),
    ("not-found", "student.oslo1"),
    ("admin", "admin"),
    ("call-index", None),
    ("call", None),
    ("application", "coordinator.bodo"),
    # The demo call is in Norwegian and English only: the phone walk reads it in English.
    ("call-draw", None),
    ("call-applications", "manager.hkdir"),
    ("reviews", "reviewer.lnu"),
    ("call-funded", None),
    ("funder-funded", None),
    ("report", "manager.hkdir"),
    ("letter", "manager.hkdir"),
    ("open-call", None),
]

FIND_PAGES = """
import json
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from collaboration.models import GroupMembership
from funding.models import Application, CallIndexPage, CallPage
from home.models import HomePage
from modules.models import CourseModulePage, ModuleIndexPage
from practices.models import GoodPracticePage, PracticeIndexPage

membership = GroupMembership.objects.select_related("group__space", "module").get(
    student__username="student.oslo1"
)
module = membership.module
scored = [page for page in GoodPracticePage.objects.live().order_by("pk") if page.is_scored]
example = scored[0] if scored else GoodPracticePage.objects.live().order_by("pk").first()
application = Application.objects.select_related("call").get(
    institution__members__username="coordinator.bodo", call__code="KOMP"
)
funded = Application.objects.filter(call__code="KOMP", state="accepted").order_by("pk").first()
university = CallPage.objects.filter(code="LNUCOIL1").first().funder_id
open_call = CallPage.objects.filter(code="KOMP2").order_by("pk").first()


def in_locale(page, locale):
    translated = page.get_translations(inclusive=True).live().filter(locale=locale).first()
    return (translated or page).get_url()


def first_url(model, locale):
    return model.objects.live().filter(locale=locale).first().get_url()


urls = {}
for code in %(languages)r:
    locale = Locale.objects.get(language_code=code)
    with translation.override(code):
        home = HomePage.objects.live().filter(locale=locale).first()
        urls[code] = {
            "home": home.get_url(),
            "module-index": first_url(ModuleIndexPage, locale),
            "module": in_locale(module, locale),
            "practice-index": first_url(PracticeIndexPage, locale),
            "practice": in_locale(example, locale),
            "space": reverse("collaboration:space", args=[membership.group.space.pk]),
            "group": reverse("collaboration:group", args=[membership.group.pk]),
            "enrolment": reverse("collaboration:enrolment", args=[module.pk]),
            "groups": reverse("collaboration:groups", args=[module.pk]),
            "participation": reverse("collaboration:participation"),
            "my-page-student": reverse("mypage:home"),
            "my-page-teacher": reverse("mypage:home"),
            "notifications": reverse("notifications:list"),
            "notification-settings": reverse("notifications:settings"),
            "profile": reverse("accounts:profile"),
            "sign-in": reverse("accounts:login"),
            "password-reset": reverse("accounts:password_reset"),
            "join": reverse("collaboration:join-form"),
            "invitation": reverse("collaboration:join", args=[module.invitation_code]),
            "not-found": reverse("collaboration:space", args=[2**31 - 1]),
            "admin": reverse("wagtailadmin_home"),
            "module-editor": reverse("wagtailadmin_pages:edit", args=[module.pk]),
            "call-index": first_url(CallIndexPage, locale),
            "call": in_locale(application.call, locale),
            "call-draw": in_locale(application.call, locale) + "draw/",
            "application": reverse("funding:application", args=[application.pk]),
            "call-applications": reverse("funding:call-applications", args=[application.call.pk]),
            "reviews": reverse("funding:reviews"),
            "call-funded": in_locale(application.call, locale) + "funded/",
            "funder-funded": reverse("funding:funder-funded", args=[university]),
            "report": reverse("funding:report", args=[funded.pk]),
            "letter": reverse("funding:letter", args=[funded.pk]),
            "open-call": in_locale(open_call, locale),
        }
print(json.dumps(urls))
"""


def page_urls(live_server, languages=LANGUAGES):
    """{language: {page name: path}} for the servers' database."""
    result = live_server.manage("shell", "-c", FIND_PAGES % {"languages": tuple(languages)})
    return json.loads(result.stdout.strip().splitlines()[-1])


# The page's width beyond the window, or 0; and the elements that stick out on the right.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const extra = document.scrollingElement.scrollWidth - width;
  if (extra <= 0) return {extra: 0, offenders: []};
  const offenders = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      const name = element.tagName.toLowerCase()
        + (element.id ? "#" + element.id : "")
        + (element.classList.length ? "." + [...element.classList].join(".") : "");
      offenders.push(`${name} (${Math.round(box.right)}px)`);
      if (offenders.length >= 5) break;
    }
  }
  return {extra, offenders};
}"""


def overflow(page):
    """How far the page is wider than the window, and up to five elements that stick out."""
    return page.evaluate(OVERFLOW)


def language_cookie(live_server, language):
    """The cookie that shows the pages without a language prefix in ``language``."""
    return {"name": "django_language", "value": language, "url": live_server.url}
