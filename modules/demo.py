# ruff: noqa: E501 - demo prose reads better unbroken
"""Demo course modules: the index in three languages and three modules.

"Outdoor play across cultures" is the module of DESIGN.md section 4 (OsloMet and UCLL,
both teachers leads, enrolment running), with a Norwegian translation. An upcoming
blended intensive programme with the Nordic Centre in India and a completed virtual
exchange make the index look like a real catalogue.

Creates what is missing and leaves existing pages alone, so it is safe to run twice and
never overwrites what teachers changed in the demo.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Locale

from accounts.demo import DEMO_PASSWORD
from accounts.models import Institution, Sector, User
from accounts.roles import TEACHERS
from home.demo import ensure_home_pages

from .coauthors import ensure_index_rights, sync_coauthor_rights
from .models import (
    CourseModulePage,
    EnrolmentState,
    Mode,
    ModuleIndexPage,
    ModuleSession,
    ModuleTeacher,
    SessionKind,
    WorkingLanguage,
)

UTC = datetime.UTC

INDEX_TEXT = {
    "en": (
        "Course modules",
        "modules",
        "Modules designed together by teachers at partner institutions in different "
        "countries. Find one to join, or one to learn from when you plan your own.",
    ),
    "nb": (
        "Emnemoduler",
        "emnemoduler",
        "Moduler som lærere ved partnerinstitusjoner i ulike land har utformet sammen. "
        "Finn en du kan bli med i, eller en du kan lære av når du planlegger din egen.",
    ),
    "sv": (
        "Kursmoduler",
        "kursmoduler",
        "Moduler som lärare vid partnerlärosäten i olika länder har utformat tillsammans. "
        "Hitta en att delta i, eller en att lära av när du planerar din egen.",
    ),
}

# An extra teacher so that the Nordic Centre in India can lead its part of the BIP.
EXTRA_TEACHERS = [("teacher.kolkata", "Rohan Mukherjee", "NCI", "Asia/Kolkata", "en")]


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def activity(kind, week, title, duration, instructions, **extra):
    return {
        "type": kind,
        "value": {
            "title": title,
            "week": week,
            "duration": duration,
            "instructions": instructions,
            **extra,
        },
    }


OUTDOOR_PLAY = {
    "slug": "outdoor-play-across-cultures",
    "title": "Outdoor play across cultures",
    "summary": (
        "Kindergarten teacher students in Oslo and Leuven compare how children play "
        "outdoors in Norway and Flanders: they observe play in their placements, discuss "
        "attitudes to risk and weather, and design an outdoor activity together in mixed "
        "groups."
    ),
    "mode": Mode.COIL,
    "sector": Sector.HIGHER,
    "tags": ["outdoor play", "early childhood education", "intercultural competence"],
    "languages": ["en"],
    "credits": "5",
    "start_date": datetime.date(2027, 2, 22),
    "end_date": datetime.date(2027, 4, 2),
    "partners": ["OsloMet", "UCLL"],
    "teachers": [("teacher.oslo", True), ("teacher.leuven", True)],
    "enrolment_state": EnrolmentState.RUNNING,
    "outcomes": [
        "Describe how outdoor play is framed in the Norwegian and the Flemish early childhood curricula.",
        "Observe and document children’s outdoor play ethically and respectfully.",
        "Compare attitudes to risk, weather and safety in outdoor play across cultures.",
        "Plan an outdoor learning activity together with students from another country.",
        "Reflect on their own cultural assumptions about childhood and nature.",
    ],
    # Times are local (Oslo and Leuven share a zone); Europe moves to summer time on
    # 28 March 2027, so the last session is at 13:00 CEST, 11:00 UTC.
    "sessions": [
        (
            "Kick-off: meet your cross-campus group",
            SessionKind.SYNCHRONOUS,
            utc(2027, 2, 23, 12, 0),
            utc(2027, 2, 23, 13, 30),
            "https://meet.example.org/outdoor-play-kick-off",
            "",
        ),
        (
            "Curricula side by side: group check-in",
            SessionKind.SYNCHRONOUS,
            utc(2027, 3, 2, 12, 0),
            utc(2027, 3, 2, 13, 0),
            "https://meet.example.org/outdoor-play-groups",
            "",
        ),
        (
            "Guest lecture: risky play and safety cultures",
            SessionKind.SYNCHRONOUS,
            utc(2027, 3, 11, 13, 0),
            utc(2027, 3, 11, 14, 30),
            "https://meet.example.org/outdoor-play-lecture",
            "",
        ),
        (
            "Observation week in the placements",
            SessionKind.ASYNCHRONOUS,
            utc(2027, 3, 15, 7, 0),
            utc(2027, 3, 19, 15, 0),
            "",
            "Practice placement kindergartens in Oslo and Leuven",
        ),
        (
            "Activity design studio",
            SessionKind.SYNCHRONOUS,
            utc(2027, 3, 23, 12, 0),
            utc(2027, 3, 23, 14, 0),
            "https://meet.example.org/outdoor-play-studio",
            "",
        ),
        (
            "Final presentations",
            SessionKind.SYNCHRONOUS,
            utc(2027, 3, 30, 11, 0),
            utc(2027, 3, 30, 13, 0),
            "https://meet.example.org/outdoor-play-final",
            "",
        ),
    ],
    "body": [
        activity(
            "ice_breaker",
            1,
            "A map of where I played",
            "60 minutes",
            "<p>Draw or photograph a place where you played outdoors as a child and post it in your group space with three sentences: what you did there, who was with you, and what the grown-ups thought about it.</p><p>Comment on the posts of two students from the other campus. What surprises you?</p>",
        ),
        activity(
            "synchronous_session",
            1,
            "Kick-off: meet your cross-campus group",
            "90 minutes",
            "<p>Both teachers introduce the module, the groups meet for the first time in breakout rooms and agree how they will work together: which channel, which language, which hours suit everyone.</p>",
        ),
        activity(
            "asynchronous_task",
            2,
            "Outdoor play in two curricula",
            "One week, about 4 hours",
            "<p>Read the passages on outdoor play in the Norwegian <em>Framework Plan for Kindergartens</em> and in the Flemish developmental goals for early childhood. In a shared document, each group lists three things the two texts agree on and three things only one of them says.</p>",
        ),
        activity(
            "synchronous_session",
            2,
            "Curricula side by side",
            "60 minutes",
            "<p>Groups present their comparison in five minutes each; the teachers draw out the differences in how the two curricula speak about nature, weather and children’s own choices.</p>",
        ),
        activity(
            "group_project",
            3,
            "Observing play in the kindergarten yard",
            "Two weeks",
            "<p>During placement, each student observes 30 minutes of outdoor play and writes anonymised field notes: where children play, what they play with, how staff take part. No names or photographs of children.</p><p>The group puts the notes from both countries side by side and marks patterns and surprises.</p>",
            deliverable="Shared field notes from at least two kindergartens per country",
        ),
        activity(
            "synchronous_session",
            4,
            "Guest lecture: risky play and safety cultures",
            "90 minutes",
            "<p>A researcher on risky play talks about climbing, tools and fire in Nordic kindergartens. Students bring one situation from their observations where a grown-up stopped or allowed something risky.</p>",
        ),
        activity(
            "reflection",
            4,
            "When would I say stop?",
            "45 minutes",
            "<p>Write half a page in your learning log: a situation from the lecture or your placement where you would have reacted differently from the staff. Why? What does your answer say about how you were brought up?</p>",
        ),
        activity(
            "group_project",
            5,
            "Design an outdoor activity for a mixed-age group",
            "One week",
            "<p>Each group plans an outdoor activity for children aged three to five that could work in both a Norwegian and a Flemish kindergarten, in any weather. Explain the choices with the curricula and your observations.</p>",
            deliverable="Activity plan of at most four pages, in English",
        ),
        activity(
            "synchronous_session",
            6,
            "Final presentations",
            "2 hours",
            "<p>Groups present their activity plan; another group responds with one question and one suggestion.</p>",
        ),
        activity(
            "reflection",
            6,
            "What travels across cultures",
            "800 words",
            "<p>Individually: which idea from your partners’ country would you like to take into your own practice, and what would you need to change so that it works there?</p>",
        ),
        activity(
            "assessment",
            6,
            "Assessment of the activity plan",
            "Marked after the module",
            "<p>Both teachers mark the group’s activity plan together with this rubric; the reflection is a pass or fail requirement.</p>",
            rubric=[
                {
                    "criterion": "Comparison of the two curricula",
                    "weight": 30,
                    "excellent": "Uses both curricula precisely and explains the differences.",
                    "adequate": "Refers to both curricula, mostly in general terms.",
                    "insufficient": "Mentions only one curriculum or misreads them.",
                },
                {
                    "criterion": "Use of the observations",
                    "weight": 40,
                    "excellent": "The plan grows out of observations from both countries.",
                    "adequate": "Observations are mentioned but do not shape the plan.",
                    "insufficient": "No link to the observations.",
                },
                {
                    "criterion": "Collaboration across campuses",
                    "weight": 30,
                    "excellent": "Every member’s contribution is visible and the group reflects on how it worked.",
                    "adequate": "The work was shared, with little reflection on it.",
                    "insufficient": "The work was done on one campus only.",
                },
            ],
        ),
    ],
}

OUTDOOR_PLAY_NB = {
    "slug": "uteleik-pa-tvers-av-kulturer",
    "title": "Uteleik på tvers av kulturer",
    "summary": (
        "Barnehagelærerstudenter i Oslo og Leuven sammenligner hvordan barn leker ute i "
        "Norge og Flandern: de observerer lek i praksisbarnehagen, diskuterer holdninger "
        "til risiko og vær, og utformer en uteaktivitet sammen i blandede grupper."
    ),
    "tags": ["uteleik", "barnehagelærerutdanning", "interkulturell kompetanse"],
    # Titles and places of OUTDOOR_PLAY's sessions, in the same order.
    "sessions": [
        ("Oppstart: møt gruppen din på tvers av studiesteder", ""),
        ("Rammeplanene side om side: gruppemøte", ""),
        ("Gjesteforelesning: risikofylt lek og sikkerhetskulturer", ""),
        ("Observasjonsuke i praksisbarnehagene", "Praksisbarnehager i Oslo og Leuven"),
        ("Verksted: utforming av aktiviteten", ""),
        ("Sluttpresentasjoner", ""),
    ],
    "outcomes": [
        "Beskrive hvordan uteleik omtales i den norske rammeplanen og i de flamske utviklingsmålene for barnehagen.",
        "Observere og dokumentere barns uteleik på en etisk og respektfull måte.",
        "Sammenligne holdninger til risiko, vær og sikkerhet i uteleik på tvers av kulturer.",
        "Planlegge en uteaktivitet sammen med studenter fra et annet land.",
        "Reflektere over egne kulturelle antakelser om barndom og natur.",
    ],
    "body": [
        activity(
            "ice_breaker",
            1,
            "Et kart over hvor jeg lekte",
            "60 minutter",
            "<p>Tegn eller fotografer et sted der du lekte ute som barn, og legg det ut i gruppens rom med tre setninger: hva du gjorde der, hvem som var med, og hva de voksne syntes om det.</p><p>Kommenter innleggene til to studenter fra det andre studiestedet. Hva overrasker deg?</p>",
        ),
        activity(
            "synchronous_session",
            1,
            "Oppstart: møt gruppen din på tvers av studiesteder",
            "90 minutter",
            "<p>Begge lærerne presenterer modulen, gruppene møtes for første gang i grupperom og blir enige om hvordan de skal jobbe sammen: hvilken kanal, hvilket språk og hvilke tidspunkter som passer for alle.</p>",
        ),
        activity(
            "asynchronous_task",
            2,
            "Uteleik i to rammeplaner",
            "Én uke, omtrent 4 timer",
            "<p>Les avsnittene om uteleik i <em>Rammeplan for barnehagen</em> og i de flamske utviklingsmålene for småbarnspedagogikk. I et felles dokument lister hver gruppe opp tre ting tekstene er enige om, og tre ting bare én av dem sier.</p>",
        ),
        activity(
            "synchronous_session",
            2,
            "Rammeplanene side om side",
            "60 minutter",
            "<p>Gruppene legger fram sammenligningen sin på fem minutter hver; lærerne løfter fram forskjellene i hvordan rammeplanene snakker om natur, vær og barns egne valg.</p>",
        ),
        activity(
            "group_project",
            3,
            "Observasjon av lek i barnehagens uteområde",
            "To uker",
            "<p>I praksisperioden observerer hver student 30 minutter uteleik og skriver anonymiserte feltnotater: hvor barna leker, hva de leker med, og hvordan personalet deltar. Ingen navn eller bilder av barn.</p><p>Gruppen legger notatene fra begge land side om side og markerer mønstre og overraskelser.</p>",
            deliverable="Felles feltnotater fra minst to barnehager i hvert land",
        ),
        activity(
            "synchronous_session",
            4,
            "Gjesteforelesning: risikofylt lek og sikkerhetskulturer",
            "90 minutter",
            "<p>En forsker på risikofylt lek forteller om klatring, verktøy og bål i nordiske barnehager. Studentene tar med én situasjon fra observasjonene der en voksen stoppet eller tillot noe risikabelt.</p>",
        ),
        activity(
            "reflection",
            4,
            "Når ville jeg sagt stopp?",
            "45 minutter",
            "<p>Skriv en halv side i læringsloggen: en situasjon fra forelesningen eller praksis der du ville ha reagert annerledes enn personalet. Hvorfor? Hva sier svaret om hvordan du selv er oppdratt?</p>",
        ),
        activity(
            "group_project",
            5,
            "Utform en uteaktivitet for en aldersblandet gruppe",
            "Én uke",
            "<p>Hver gruppe planlegger en uteaktivitet for barn fra tre til fem år som kan fungere både i en norsk og en flamsk barnehage, i all slags vær. Begrunn valgene med rammeplanene og observasjonene.</p>",
            deliverable="Aktivitetsplan på høyst fire sider, på engelsk",
        ),
        activity(
            "synchronous_session",
            6,
            "Sluttpresentasjoner",
            "2 timer",
            "<p>Gruppene presenterer aktivitetsplanen sin; en annen gruppe svarer med ett spørsmål og ett forslag.</p>",
        ),
        activity(
            "reflection",
            6,
            "Hva reiser på tvers av kulturer",
            "800 ord",
            "<p>Individuelt: hvilken idé fra partnernes land vil du ta med inn i din egen praksis, og hva må endres for at den skal fungere der?</p>",
        ),
        activity(
            "assessment",
            6,
            "Vurdering av aktivitetsplanen",
            "Vurderes etter modulen",
            "<p>Begge lærerne vurderer gruppens aktivitetsplan sammen etter denne vurderingsveiledningen; refleksjonsnotatet er et krav som må være godkjent.</p>",
            rubric=[
                {
                    "criterion": "Sammenligning av rammeplanene",
                    "weight": 30,
                    "excellent": "Bruker begge rammeplanene presist og forklarer forskjellene.",
                    "adequate": "Viser til begge rammeplanene, mest i generelle vendinger.",
                    "insufficient": "Nevner bare én rammeplan eller misforstår dem.",
                },
                {
                    "criterion": "Bruk av observasjonene",
                    "weight": 40,
                    "excellent": "Planen vokser fram av observasjoner fra begge land.",
                    "adequate": "Observasjonene nevnes, men former ikke planen.",
                    "insufficient": "Ingen kobling til observasjonene.",
                },
                {
                    "criterion": "Samarbeid på tvers av studiesteder",
                    "weight": 30,
                    "excellent": "Alle medlemmenes bidrag er synlige, og gruppen reflekterer over samarbeidet.",
                    "adequate": "Arbeidet ble delt, med lite refleksjon over det.",
                    "insufficient": "Arbeidet ble gjort på ett studiested alene.",
                },
            ],
        ),
    ],
}

CHILDRENS_RIGHTS_BIP = {
    "slug": "childrens-rights-in-everyday-practice",
    "title": "Children’s rights in everyday practice",
    "summary": (
        "A blended intensive programme for early childhood teacher students: six online "
        "weeks with partners in Oslo, Leuven and Kolkata around children’s participation, "
        "and a physical week in Leuven visiting kindergartens and schools."
    ),
    "mode": Mode.BIP,
    "sector": Sector.HIGHER,
    "tags": ["children’s rights", "early childhood education", "participation"],
    "languages": ["en"],
    "credits": "3",
    "start_date": datetime.date(2027, 9, 27),
    "end_date": datetime.date(2027, 11, 19),
    "physical_start": datetime.date(2027, 11, 8),
    "physical_end": datetime.date(2027, 11, 12),
    "partners": ["OsloMet", "UCLL", "NCI"],
    "teachers": [("teacher.oslo", True), ("teacher.leuven", True), ("teacher.kolkata", True)],
    "enrolment_state": EnrolmentState.OPEN,
    "outcomes": [
        "Explain the articles of the UN Convention on the Rights of the Child that concern participation.",
        "Recognise how children take part in decisions in kindergartens in three countries.",
        "Plan a small participation project with children and evaluate it.",
    ],
    # Oslo and Leuven are on summer time until 31 October 2027, Kolkata never changes.
    "sessions": [
        (
            "Opening seminar",
            SessionKind.SYNCHRONOUS,
            utc(2027, 9, 28, 9, 0),
            utc(2027, 9, 28, 10, 30),
            "https://meet.example.org/rights-opening",
            "",
        ),
        (
            "Voices of children: case discussion",
            SessionKind.SYNCHRONOUS,
            utc(2027, 10, 12, 9, 30),
            utc(2027, 10, 12, 11, 0),
            "https://meet.example.org/rights-cases",
            "",
        ),
        (
            "Planning the physical week",
            SessionKind.SYNCHRONOUS,
            utc(2027, 11, 2, 10, 0),
            utc(2027, 11, 2, 11, 0),
            "https://meet.example.org/rights-planning",
            "",
        ),
        (
            "Physical week in Leuven",
            SessionKind.SYNCHRONOUS,
            utc(2027, 11, 8, 8, 0),
            utc(2027, 11, 12, 15, 0),
            "",
            "UCLL campus Hertogstraat, Leuven",
        ),
    ],
    "body": [
        activity(
            "ice_breaker",
            1,
            "A right I remember",
            "45 minutes",
            "<p>Tell your group about a moment from your own childhood when an adult listened to you, or did not.</p>",
        ),
        activity(
            "synchronous_session",
            1,
            "Opening seminar",
            "90 minutes",
            "<p>The three teachers introduce the Convention and the programme; groups of students from all three partners meet.</p>",
        ),
        activity(
            "asynchronous_task",
            2,
            "Participation in three curricula",
            "One week",
            "<p>Each group compares how the Norwegian, Flemish and Indian early childhood frameworks describe children’s participation.</p>",
        ),
        activity(
            "group_project",
            4,
            "A small participation project",
            "Three weeks",
            "<p>Plan, carry out and document a small project in which children decide something real in their kindergarten.</p>",
            deliverable="Poster for the physical week",
        ),
        activity(
            "reflection",
            7,
            "Learning log",
            "One page a week",
            "<p>Keep a short log during the physical week in Leuven.</p>",
        ),
    ],
}

PLAY_EXCHANGE = {
    "slug": "play-based-learning-virtual-exchange",
    "title": "Play-based learning: a virtual exchange",
    "summary": (
        "A four-week virtual exchange in which first-year students in Oslo and Leuven "
        "filmed a play situation in their placement and analysed each other’s clips."
    ),
    "mode": Mode.VIRTUAL_EXCHANGE,
    "sector": Sector.HIGHER,
    "tags": ["play", "early childhood education", "video analysis"],
    "languages": ["en", "nl", "nb"],
    "credits": None,
    "start_date": datetime.date(2026, 10, 5),
    "end_date": datetime.date(2026, 10, 30),
    "partners": ["OsloMet", "UCLL"],
    "teachers": [("teacher.oslo", True), ("teacher.leuven", True)],
    "enrolment_state": EnrolmentState.COMPLETED,
    "outcomes": [
        "Analyse a play situation with concepts from play theory.",
        "Give and receive feedback across languages and cultures.",
    ],
    "sessions": [
        (
            "Opening",
            SessionKind.SYNCHRONOUS,
            utc(2026, 10, 6, 12, 0),
            utc(2026, 10, 6, 13, 0),
            "",
            "",
        ),
        (
            "Closing",
            SessionKind.SYNCHRONOUS,
            utc(2026, 10, 29, 13, 0),
            utc(2026, 10, 29, 14, 0),
            "",
            "",
        ),
    ],
    "body": [
        activity(
            "ice_breaker",
            1,
            "Two truths and a lie about play",
            "30 minutes",
            "<p>Each student shares two true and one invented memory of play; the others guess.</p>",
        ),
        activity(
            "group_project",
            2,
            "Film and analyse a play situation",
            "Two weeks",
            "<p>Film two minutes of play (with consent), share it in the group and analyse the partner’s clip.</p>",
            deliverable="Written analysis of one clip",
        ),
        activity(
            "reflection",
            4,
            "What I saw differently",
            "One page",
            "<p>Reflect on how your partner read your clip.</p>",
        ),
    ],
}


def ensure_extra_teachers(institutions):
    teachers = Group.objects.get(name=TEACHERS)
    for username, display_name, short_name, tz, language in EXTRA_TEACHERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": display_name,
                "email": f"{username}@example.org",
                "institution": institutions[short_name],
                "timezone": tz,
                "language": language,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(teachers)


def ensure_indexes(homes):
    """The module index under every home page, shown in the menu."""
    locales = {code: Locale.objects.get(language_code=code) for code in INDEX_TEXT}
    default = settings.LANGUAGE_CODE
    index = ModuleIndexPage.objects.filter(locale=locales[default]).first()
    if index is None:
        title, slug, intro = INDEX_TEXT[default]
        index = homes[default].add_child(
            instance=ModuleIndexPage(title=title, slug=slug, intro=intro, show_in_menus=True)
        )
        index.save_revision().publish()
    indexes = {default: index}
    for code, locale in locales.items():
        if code == default:
            continue
        translation = ModuleIndexPage.objects.filter(
            translation_key=index.translation_key, locale=locale
        ).first()
        if translation is None:
            translation = index.copy_for_translation(locale)
            title, slug, intro = INDEX_TEXT[code]
            translation.title, translation.slug, translation.intro = title, slug, intro
            translation.show_in_menus = True
            translation.save_revision().publish()
        elif translation.alias_of_id is not None:
            # Made by the page-tree sync: turn the alias into a translation of its own.
            title, slug, intro = INDEX_TEXT[code]
            translation.alias_of = None
            translation.title, translation.slug, translation.intro = title, slug, intro
            translation.save_revision().publish()
        indexes[code] = translation
    for page in indexes.values():
        ensure_index_rights(page)
    return indexes


def _fill(page, spec):
    page.title = spec["title"]
    page.slug = spec["slug"]
    page.summary = spec["summary"]
    page.learning_outcomes = "\n".join(spec["outcomes"])
    page.body = spec["body"]
    page.tags.clear()
    page.tags.add(*spec["tags"])


def create_module(index, spec, institutions, users):
    module = CourseModulePage(
        mode=spec["mode"],
        sector=spec["sector"],
        credits=spec["credits"],
        start_date=spec["start_date"],
        end_date=spec["end_date"],
        physical_start=spec.get("physical_start"),
        physical_end=spec.get("physical_end"),
        enrolment_state=spec["enrolment_state"],
    )
    _fill(module, spec)
    module.partners = [institutions[name] for name in spec["partners"]]
    module.working_languages = list(WorkingLanguage.objects.filter(code__in=spec["languages"]))
    module.teachers = [
        ModuleTeacher(user=users[username], institution=users[username].institution, is_lead=lead)
        for username, lead in spec["teachers"]
    ]
    module.sessions = [
        ModuleSession(
            title=title, kind=kind, starts_at=start, ends_at=end, online_link=link, place=place
        )
        for title, kind, start, end, link, place in spec["sessions"]
    ]
    owner = users[spec["teachers"][0][0]]
    module.owner = owner
    index.add_child(instance=module)
    # Demo content is published directly; later changes go through partner approval.
    module.save_revision(user=owner).publish(user=owner, skip_permission_checks=True)
    return module


def translate_module(module, locale, spec):
    translation = module.copy_for_translation(locale)
    _fill(translation, spec)
    sessions = list(translation.sessions.order_by("starts_at", "pk"))
    for session, (title, place) in zip(sessions, spec.get("sessions", []), strict=False):
        session.title, session.place = title, place or session.place
    translation.sessions = sessions
    translation.save_revision().publish()
    return translation


def alias_in(module, locale):
    if not CourseModulePage.objects.filter(
        translation_key=module.translation_key, locale=locale
    ).exists():
        module.copy_for_translation(locale, alias=True)


def seed(log):
    homes = ensure_home_pages()
    institutions = {i.short_name: i for i in Institution.objects.all()}
    ensure_extra_teachers(institutions)
    users = {u.username: u for u in User.objects.filter(username__startswith="teacher.")}
    indexes = ensure_indexes(homes)
    index = indexes[settings.LANGUAGE_CODE]
    locales = {code: page.locale for code, page in indexes.items()}

    made = []
    for spec, translations in (
        (OUTDOOR_PLAY, {"nb": OUTDOOR_PLAY_NB}),
        (CHILDRENS_RIGHTS_BIP, {}),
        (PLAY_EXCHANGE, {}),
    ):
        module = CourseModulePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if module is None:
            module = create_module(index, spec, institutions, users)
            made.append(module.title)
        for code, locale in locales.items():
            if code == settings.LANGUAGE_CODE:
                continue
            if code in translations:
                existing = CourseModulePage.objects.filter(
                    translation_key=module.translation_key, locale=locale
                ).first()
                if existing is None:
                    translate_module(module, locale, translations[code])
            else:
                alias_in(module, locale)
        # Co-author rights follow the teachers lists, also for modules an older seed made.
        sync_coauthor_rights(module)
    log(
        f"modules: index in {', '.join(sorted(indexes))}; "
        + (f"created {', '.join(made)}" if made else "modules already present")
    )
