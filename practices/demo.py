# ruff: noqa: E501 - demo prose reads better unbroken
"""Demo good-practice examples, drawn from public cases of international school and
university collaboration in Norway and Sweden (written for this demo).

Creates what is missing and leaves existing pages alone, so it is safe to run twice and
never overwrites what editors changed.
"""

import datetime
import io
import math

from django.conf import settings
from django.core.files.images import ImageFile
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django_countries import countries
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale

from accounts.models import Institution, Sector
from home.demo import ensure_home_pages
from modules.models import CourseModulePage, Mode

from .curation import ensure_curation
from .models import GoodPracticePage, PracticeIndexPage

INDEX_TEXT = {
    "en": (
        "Good practice",
        "good-practice",
        "Collaborations between schools, universities and kindergartens that worked, "
        "described by the people who ran them and reviewed by our editors. Find one like "
        "yours and copy what works.",
    ),
    "nb": (
        "God praksis",
        "god-praksis",
        "Samarbeid mellom skoler, universiteter og barnehager som fungerte, beskrevet av "
        "dem som gjennomførte dem og gjennomgått av redaksjonen. Finn et som ligner ditt, "
        "og ta med deg det som virker.",
    ),
    "sv": (
        "Goda exempel",
        "goda-exempel",
        "Samarbeten mellan skolor, lärosäten och förskolor som fungerade, beskrivna av dem "
        "som genomförde dem och granskade av redaktionen. Hitta ett som liknar ert och ta "
        "med er det som fungerar.",
    ),
}

INSTITUTIONS = [
    (
        "Kongshavn vgs",
        "Kongshavn upper secondary school",
        "NO",
        "Oslo",
        "Europe/Oslo",
        Sector.UPPER_SECONDARY,
    ),
    (
        "Hvam vgs",
        "Hvam upper secondary school",
        "NO",
        "Årnes",
        "Europe/Oslo",
        Sector.UPPER_SECONDARY,
    ),
    (
        "Amalie Skram vgs",
        "Amalie Skram upper secondary school",
        "NO",
        "Bergen",
        "Europe/Oslo",
        Sector.UPPER_SECONDARY,
    ),
    (
        "Borgund vgs",
        "Borgund upper secondary school",
        "NO",
        "Ålesund",
        "Europe/Oslo",
        Sector.VOCATIONAL,
    ),
    ("Kuben vgs", "Kuben upper secondary school", "NO", "Oslo", "Europe/Oslo", Sector.VOCATIONAL),
    (
        "Linnaeus University",
        "Linnaeus University",
        "SE",
        "Växjö",
        "Europe/Stockholm",
        Sector.HIGHER,
    ),
    # Partner schools stand in for the real partners, which the public cases do not name.
    (
        "Hamburg partner",
        "Partner Gymnasium, Hamburg",
        "DE",
        "Hamburg",
        "Europe/Berlin",
        Sector.UPPER_SECONDARY,
    ),
    (
        "Shropshire partner",
        "Partner agricultural college, Shrewsbury",
        "GB",
        "Shrewsbury",
        "Europe/London",
        Sector.UPPER_SECONDARY,
    ),
    (
        "Qingdao partner",
        "Partner senior high school, Qingdao",
        "CN",
        "Qingdao",
        "Asia/Shanghai",
        Sector.UPPER_SECONDARY,
    ),
    (
        "Kyoto partner",
        "Partner senior high school, Kyoto",
        "JP",
        "Kyoto",
        "Asia/Tokyo",
        Sector.UPPER_SECONDARY,
    ),
    (
        "Boulogne partner",
        "Partner lycée professionnel, Boulogne-sur-Mer",
        "FR",
        "Boulogne-sur-Mer",
        "Europe/Paris",
        Sector.VOCATIONAL,
    ),
    (
        "Rotterdam partner",
        "Partner vocational college, Rotterdam",
        "NL",
        "Rotterdam",
        "Europe/Amsterdam",
        Sector.VOCATIONAL,
    ),
    (
        "Bremerhaven partner",
        "Partner Berufsschule, Bremerhaven",
        "DE",
        "Bremerhaven",
        "Europe/Berlin",
        Sector.VOCATIONAL,
    ),
    (
        "Paola partner",
        "Partner college of technology, Paola",
        "MT",
        "Paola",
        "Europe/Malta",
        Sector.VOCATIONAL,
    ),
    (
        "Albany partner",
        "Partner university, Albany NY",
        "US",
        "Albany",
        "America/New_York",
        Sector.HIGHER,
    ),
]
WEBSITES = {
    "Kongshavn vgs": "https://kongshavn.vgs.no",
    "Hvam vgs": "https://hvam.vgs.no",
    "Amalie Skram vgs": "https://amalieskram.vgs.no",
    "Borgund vgs": "https://borgund.vgs.no",
    "Kuben vgs": "https://kuben.vgs.no",
    "Linnaeus University": "https://lnu.se/en/",
}

# Scores in the order of QUALITY_CRITERIA: innovation, curriculum, collaboration,
# technology, impact.
EXAMPLES = [
    {
        "slug": "early-childhood-coil-oslo-leuven",
        "institutions": ["OsloMet", "UCLL"],
        "sector": Sector.EARLY_CHILDHOOD,
        "mode": Mode.COIL,
        "tags": ["early childhood education", "outdoor play", "teacher education"],
        "duration": "Six weeks online, then one week in Leuven",
        "participants": 48,
        "featured": True,
        "scores": (3, 3, 3, 2, 3),
        "flags": ["NO", "BE"],
        "module": "Outdoor play across cultures",
        "published": datetime.date(2025, 3, 18),
        "contact": (
            "International office, early childhood teacher education",
            "ece-international@example.org",
        ),
        "en": {
            "title": "Kindergarten teacher students in Oslo and Leuven compare outdoor play",
            "summary": (
                "Student teachers from OsloMet and UC Leuven-Limburg met online in mixed "
                "groups to compare how kindergartens in Norway and Flanders use outdoor "
                "play, then spent a blended intensive week together in Leuven."
            ),
            "what_worked": (
                "<p>The COIL part came first: six weeks of joint online work in groups of "
                "four, two students from each side. Every group observed outdoor play in a "
                "kindergarten at home and presented it to the other half of the group.</p>"
                "<p>The short physical week (a blended intensive programme) then had a "
                "clear purpose: the students already knew each other and came with "
                "questions. Students who had never considered an exchange signed up for "
                "a longer stay afterwards.</p>"
            ),
            "tips": [
                "Start with the online part, so that the physical week builds on real working relationships.",
                "Keep groups small and mixed: two students from each institution worked best.",
                "Give each group one concrete thing to observe at home and present to the others.",
                "Let students who took part tell the next cohort about it; that recruits better than any leaflet.",
            ],
        },
        "nb": {
            "title": "Barnehagelærerstudenter i Oslo og Leuven sammenligner uteleik",
            "summary": (
                "Barnehagelærerstudenter fra OsloMet og UC Leuven-Limburg møttes på nett i "
                "blandede grupper for å sammenligne hvordan barnehager i Norge og Flandern "
                "bruker uteleik, og tilbrakte så en intensivuke sammen i Leuven."
            ),
            "what_worked": (
                "<p>COIL-delen kom først: seks uker med felles nettarbeid i grupper på fire, "
                "to studenter fra hver side. Hver gruppe observerte uteleik i en barnehage "
                "hjemme og presenterte den for den andre halvdelen av gruppen.</p>"
                "<p>Den korte fysiske uka (et blandet intensivprogram) fikk dermed et tydelig "
                "formål: studentene kjente hverandre allerede og kom med spørsmål. Studenter "
                "som aldri hadde vurdert utveksling, meldte seg på et lengre opphold etterpå.</p>"
            ),
            "tips": [
                "Begynn med nettdelen, slik at den fysiske uka bygger på ekte samarbeid.",
                "Hold gruppene små og blandede: to studenter fra hver institusjon fungerte best.",
                "Gi hver gruppe én konkret ting å observere hjemme og presentere for de andre.",
                "La studenter som var med, fortelle neste kull om det; det rekrutterer bedre enn en brosjyre.",
            ],
            "tags": ["barnehagepedagogikk", "uteleik", "lærerutdanning"],
            "duration": "Seks uker på nett, så én uke i Leuven",
        },
    },
    {
        "slug": "kongshavn-germany-exchange",
        "institutions": ["Kongshavn vgs", "Hamburg partner"],
        "sector": Sector.UPPER_SECONDARY,
        "mode": Mode.VIRTUAL_EXCHANGE,
        "tags": ["German", "language learning", "student exchange"],
        "duration": "One term online, then part of Vg2 in Germany",
        "participants": 24,
        "featured": True,
        "scores": (2, 3, 3, 2, 2),
        "flags": ["NO", "DE"],
        "published": datetime.date(2025, 9, 2),
        "contact": ("International coordinator, Kongshavn vgs", "international@example.org"),
        "en": {
            "title": "A German partner class before a term abroad",
            "summary": (
                "Students in the general studies programme at Kongshavn upper secondary "
                "school in Oslo work online with a partner class in Germany for a term "
                "before some of them spend part of Vg2 at the partner school."
            ),
            "what_worked": (
                "<p>Pairing each Norwegian student with a German pen-partner early in the "
                "autumn made the exchange less daunting: by the time of departure, the "
                "students had already written, talked and worked together in both "
                "languages.</p><p>The collaboration is an approved exchange agreement, so "
                "students can get educational support from the State Educational Loan "
                "Fund while they are abroad.</p>"
            ),
            "tips": [
                "Apply for approval of the exchange agreement early: it is valid for five years once granted.",
                "Use the online term to agree on subjects and assessment with the partner school.",
                "Let students host their partners online first: a video tour of the school works well.",
            ],
        },
        "nb": {
            "title": "En tysk partnerklasse før et semester i utlandet",
            "summary": (
                "Elever på studiespesialisering ved Kongshavn videregående skole i Oslo "
                "samarbeider på nett med en partnerklasse i Tyskland i et semester, før noen "
                "av dem tar deler av Vg2 ved partnerskolen."
            ),
            "what_worked": (
                "<p>Å koble hver norsk elev med en tysk samarbeidspartner tidlig på høsten "
                "gjorde utvekslingen mindre skummel: da de reiste, hadde elevene allerede "
                "skrevet, snakket og jobbet sammen på begge språk.</p><p>Samarbeidet er et "
                "godkjent utvekslingssamarbeid, så elevene kan få utdanningsstøtte fra "
                "Lånekassen mens de er ute.</p>"
            ),
            "tips": [
                "Søk om godkjenning av utvekslingssamarbeidet tidlig: godkjenningen gjelder i fem år.",
                "Bruk nettsemesteret til å avtale fag og vurdering med partnerskolen.",
                "La elevene være verter for partnerne på nett først: en videovisning av skolen fungerer godt.",
            ],
            "tags": ["tysk", "språklæring", "elevutveksling"],
            "duration": "Ett semester på nett, så deler av Vg2 i Tyskland",
        },
    },
    {
        "slug": "hvam-england-natural-resources",
        "institutions": ["Hvam vgs", "Shropshire partner"],
        "sector": Sector.UPPER_SECONDARY,
        "mode": Mode.VIRTUAL_EXCHANGE,
        "tags": ["natural resources", "agriculture", "English"],
        "duration": "A school year, with a stay in England",
        "participants": 18,
        "featured": False,
        "scores": (2, 3, 2, 2, 2),
        "flags": ["NO", "GB"],
        "published": datetime.date(2025, 10, 14),
        "contact": ("International coordinator, Hvam vgs", "hvam-international@example.org"),
        "en": {
            "title": "Farming in two countries: natural resources students in Norway and England",
            "summary": (
                "Hvam upper secondary school runs a national programme in natural resources "
                "and an exchange with an agricultural college in England. Students compare "
                "farm practice online and then spend part of the year at the partner college."
            ),
            "what_worked": (
                "<p>Comparing the same tasks on two farms (lambing, soil sampling, machine "
                "safety) gave students a reason to talk to each other every week, and "
                "technical English came naturally.</p>"
            ),
            "tips": [
                "Choose tasks that both farms do in the same season, so that students can compare like with like.",
                "Agree on health and safety rules for the practical work before the stay begins.",
            ],
        },
    },
    {
        "slug": "amalie-skram-china-japan",
        "institutions": ["Amalie Skram vgs", "Qingdao partner", "Kyoto partner"],
        "sector": Sector.UPPER_SECONDARY,
        "mode": Mode.COIL,
        "tags": ["Chinese", "Japanese", "culture"],
        "duration": "Eight weeks of joint projects each spring",
        "participants": 30,
        "featured": False,
        "scores": (3, 2, 2, 3, 2),
        "flags": ["NO", "CN", "JP"],
        "published": datetime.date(2025, 11, 20),
        "contact": (
            "International coordinator, Amalie Skram vgs",
            "asvgs-international@example.org",
        ),
        "en": {
            "title": "Bergen, Qingdao and Kyoto: three classes, one project",
            "summary": (
                "Students at Amalie Skram upper secondary school in Bergen who learn Chinese "
                "or Japanese run joint projects with partner schools in China and Japan, "
                "across a time difference of seven to eight hours."
            ),
            "what_worked": (
                "<p>Asynchronous work carried the project: short video diaries and shared "
                "documents, with one live meeting a fortnight at the start of the Norwegian "
                "school day, which is the afternoon in Asia.</p>"
            ),
            "tips": [
                "Plan live sessions for the first lesson in Norway: it is afternoon in China and Japan.",
                "Let students choose the project topic together in the first week.",
                "Agree on one shared language per group; switching between three made the work slow.",
            ],
        },
    },
    {
        "slug": "borgund-vocational-placements",
        "institutions": [
            "Borgund vgs",
            "Boulogne partner",
            "Rotterdam partner",
            "Bremerhaven partner",
        ],
        "sector": Sector.VOCATIONAL,
        "mode": Mode.BIP,
        "tags": ["work placement", "vocational training", "languages"],
        "duration": "Online preparation, then four weeks of placement",
        "participants": 40,
        "featured": True,
        "scores": (2, 3, 3, 2, 3),
        "flags": ["NO", "FR", "NL", "DE"],
        "published": datetime.date(2026, 1, 12),
        "contact": ("International coordinator, Borgund vgs", "borgund-international@example.org"),
        "en": {
            "title": "Work placements abroad for vocational students from Ålesund",
            "summary": (
                "Borgund upper secondary school in Ålesund sends vocational students on "
                "work placements with partner schools in France, the Netherlands and "
                "Germany, prepared together online with the students and teachers there."
            ),
            "what_worked": (
                "<p>Each placement is prepared in a short online course with the partner "
                "school: the students meet their workplace supervisor on video, learn the "
                "safety routines and agree on what they will be assessed on at home.</p>"
                "<p>Because the partner schools find and follow up the workplaces, one "
                "teacher from Ålesund can support students in three countries.</p>"
            ),
            "tips": [
                "Let the partner school find the workplaces: they know the local trade.",
                "Agree in writing which competence aims the placement covers, so that it counts at home.",
                "Hold a video meeting between student, supervisor and teacher in the first week.",
                "Start with a few students in each country, and grow when the routines work.",
            ],
        },
        "nb": {
            "title": "Praksisopphold i utlandet for yrkesfagelever fra Ålesund",
            "summary": (
                "Borgund videregående skole i Ålesund sender yrkesfagelever på praksisopphold "
                "hos partnerskoler i Frankrike, Nederland og Tyskland, forberedt på nett "
                "sammen med elever og lærere der."
            ),
            "what_worked": (
                "<p>Hvert opphold forberedes i et kort nettkurs med partnerskolen: elevene "
                "møter veilederen på arbeidsplassen på video, lærer sikkerhetsrutinene og "
                "avtaler hva de skal vurderes på hjemme.</p><p>Fordi partnerskolene finner "
                "og følger opp arbeidsplassene, kan én lærer fra Ålesund støtte elever i tre "
                "land.</p>"
            ),
            "tips": [
                "La partnerskolen finne arbeidsplassene: de kjenner bransjen lokalt.",
                "Avtal skriftlig hvilke kompetansemål oppholdet dekker, slik at det teller hjemme.",
                "Hold et videomøte mellom elev, veileder og lærer den første uka.",
                "Begynn med noen få elever i hvert land, og voks når rutinene sitter.",
            ],
            "tags": ["praksisopphold", "yrkesfag", "språk"],
            "duration": "Forberedelse på nett, så fire uker i praksis",
        },
    },
    {
        "slug": "kuben-malta-it-electronics",
        "institutions": ["Kuben vgs", "Paola partner"],
        "sector": Sector.VOCATIONAL,
        "mode": Mode.VIRTUAL_EXCHANGE,
        "tags": ["IT", "electronics", "work placement"],
        "duration": "First year of a new collaboration",
        "participants": 16,
        "featured": False,
        "scores": (2, 1, 2, 3, 1),
        "flags": ["NO", "MT"],
        "published": datetime.date(2026, 2, 3),
        "contact": ("International coordinator, Kuben vgs", "kuben-international@example.org"),
        "en": {
            "title": "IT and electronics with a partner college in Malta",
            "summary": (
                "Kuben upper secondary school in Oslo started a new collaboration with a "
                "college of technology in Malta for students of IT and electronics: joint "
                "online lab work first, an exchange to follow."
            ),
            "what_worked": (
                "<p>Building the same small electronics project on both sides and "
                "debugging it together on video gave the students a shared language "
                "quickly, with English as the working language.</p>"
            ),
            "tips": [
                "Send the same component kits to both schools before the project starts.",
                "Plan the first year as a pilot and write down what you would change.",
            ],
        },
    },
    {
        "slug": "linnaeus-funded-coil-module",
        "institutions": ["Linnaeus University", "Albany partner"],
        "sector": Sector.HIGHER,
        "mode": Mode.COIL,
        "tags": ["intercultural communication", "sustainability", "university funding"],
        "duration": "Five weeks within an existing course",
        "participants": 60,
        "featured": False,
        "scores": (3, 3, 2, 2, 2),
        "flags": ["SE", "US"],
        "published": datetime.date(2026, 3, 9),
        "contact": ("Office for external relations, Linnaeus University", "coil@example.org"),
        "en": {
            "title": "A university-funded COIL module in an existing course",
            "summary": (
                "Linnaeus University lets its departments apply for up to SEK 100 000 to "
                "design and run a virtual module with a partner university inside a course "
                "that already exists. This module paired students in Sweden and the United "
                "States on sustainability cases."
            ),
            "what_worked": (
                "<p>Because the module sat inside a course students were taking anyway, "
                "nobody had to find room for an extra: the joint assignment replaced one "
                "that existed before.</p><p>The funding paid for teachers' planning time "
                "with the partner, which is what COIL needs most.</p>"
            ),
            "tips": [
                "Spend the grant on teachers' joint planning time rather than on technology.",
                "Replace an existing assignment with the joint one instead of adding work.",
                "With six hours between the campuses, meet live once a week and work asynchronously in between.",
            ],
        },
        "sv": {
            "title": "En COIL-modul med medel från universitetet i en befintlig kurs",
            "summary": (
                "Linnéuniversitetet låter institutionerna söka upp till 100 000 kronor för "
                "att utforma och genomföra en virtuell modul med ett partnerlärosäte inom en "
                "kurs som redan finns. Den här modulen förde samman studenter i Sverige och "
                "USA kring hållbarhetsfall."
            ),
            "what_worked": (
                "<p>Eftersom modulen låg i en kurs som studenterna ändå läste behövde ingen "
                "hitta plats för något extra: den gemensamma uppgiften ersatte en som redan "
                "fanns.</p><p>Medlen betalade lärarnas planeringstid med partnern, och det "
                "är vad COIL behöver mest.</p>"
            ),
            "tips": [
                "Lägg medlen på lärarnas gemensamma planeringstid snarare än på teknik.",
                "Ersätt en befintlig uppgift med den gemensamma i stället för att lägga till arbete.",
                "Med sex timmars skillnad mellan campusen: träffas live en gång i veckan och arbeta asynkront däremellan.",
            ],
            "tags": ["interkulturell kommunikation", "hållbarhet", "universitetsmedel"],
            "duration": "Fem veckor inom en befintlig kurs",
        },
    },
    {
        "slug": "kongshavn-coil-climate",
        "institutions": ["Kongshavn vgs", "Hamburg partner"],
        "sector": Sector.UPPER_SECONDARY,
        "mode": Mode.COIL,
        "tags": ["German", "climate", "science"],
        "duration": "Four weeks in the science course",
        "participants": 52,
        "featured": False,
        "scores": None,
        "flags": ["NO", "DE"],
        "published": datetime.date(2026, 4, 21),
        "contact": ("International coordinator, Kongshavn vgs", "international@example.org"),
        "en": {
            "title": "Measuring local climate together with a German class",
            "summary": (
                "Two science classes in Oslo and Hamburg measured temperature and rainfall "
                "at school for four weeks, shared the data and explained the differences "
                "to each other in a joint online poster session."
            ),
            "what_worked": (
                "<p>A shared spreadsheet and identical, cheap sensors were enough. The "
                "students found the differences between the two cities more interesting "
                "than the textbook averages.</p>"
            ),
            "tips": [
                "Use the same instruments on both sides, or the comparison becomes the topic.",
                "End with a live session where each mixed group presents one finding.",
            ],
        },
    },
]

FLAG_SIZE = (330, 220)
FLAG_COLOURS = {
    "red": (200, 16, 46),
    "blue": (0, 32, 91),
    "white": (255, 255, 255),
    "yellow": (254, 204, 0),
}


def _nordic_cross(draw, w, h, background, outer, inner=None):
    draw.rectangle([0, 0, w, h], fill=background)
    x, y, t = w * 0.33, h / 2, h * 0.22
    draw.rectangle([x - t / 2, 0, x + t / 2, h], fill=outer)
    draw.rectangle([0, y - t / 2, w, y + t / 2], fill=outer)
    if inner:
        t = h * 0.11
        draw.rectangle([x - t / 2, 0, x + t / 2, h], fill=inner)
        draw.rectangle([0, y - t / 2, w, y + t / 2], fill=inner)


def _stripes(draw, w, h, colours, vertical=False):
    for i, colour in enumerate(colours):
        if vertical:
            draw.rectangle([w * i / len(colours), 0, w * (i + 1) / len(colours), h], fill=colour)
        else:
            draw.rectangle([0, h * i / len(colours), w, h * (i + 1) / len(colours)], fill=colour)


def _star(draw, cx, cy, r, colour, rotation=0.0):
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.38
        angle = rotation - math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=colour)


def draw_flag(code):
    """A simplified flag, good enough to recognise the country at a glance."""
    w, h = FLAG_SIZE
    flag = PILImage.new("RGB", FLAG_SIZE, "white")
    draw = ImageDraw.Draw(flag)
    red, blue, white, yellow = (FLAG_COLOURS[c] for c in ("red", "blue", "white", "yellow"))
    if code == "NO":
        _nordic_cross(draw, w, h, (186, 12, 47), white, (0, 32, 91))
    elif code == "SE":
        _nordic_cross(draw, w, h, (0, 106, 167), yellow)
    elif code == "DE":
        _stripes(draw, w, h, [(0, 0, 0), (221, 0, 0), (255, 206, 0)])
    elif code == "NL":
        _stripes(draw, w, h, [(174, 28, 40), white, (33, 70, 139)])
    elif code == "FR":
        _stripes(draw, w, h, [(0, 38, 84), white, (206, 17, 38)], vertical=True)
    elif code == "BE":
        _stripes(draw, w, h, [(0, 0, 0), (253, 218, 36), (239, 51, 64)], vertical=True)
    elif code == "MT":
        _stripes(draw, w, h, [white, (207, 20, 43)], vertical=True)
    elif code == "JP":
        r = h * 0.3
        draw.ellipse([w / 2 - r, h / 2 - r, w / 2 + r, h / 2 + r], fill=(188, 0, 45))
    elif code == "CN":
        draw.rectangle([0, 0, w, h], fill=(238, 28, 37))
        _star(draw, w * 0.17, h * 0.25, h * 0.15, (255, 255, 0))
        for dx, dy in ((0.33, 0.1), (0.4, 0.2), (0.4, 0.35), (0.33, 0.45)):
            _star(draw, w * dx, h * dy, h * 0.05, (255, 255, 0), rotation=0.5)
    elif code == "GB":
        draw.rectangle([0, 0, w, h], fill=(1, 33, 105))
        draw.line([0, 0, w, h], fill=white, width=int(h * 0.2))
        draw.line([0, h, w, 0], fill=white, width=int(h * 0.2))
        draw.line([0, 0, w, h], fill=red, width=int(h * 0.07))
        draw.line([0, h, w, 0], fill=red, width=int(h * 0.07))
        t = h * 0.33
        draw.rectangle([w / 2 - t / 2, 0, w / 2 + t / 2, h], fill=white)
        draw.rectangle([0, h / 2 - t / 2, w, h / 2 + t / 2], fill=white)
        t = h * 0.2
        draw.rectangle([w / 2 - t / 2, 0, w / 2 + t / 2, h], fill=red)
        draw.rectangle([0, h / 2 - t / 2, w, h / 2 + t / 2], fill=red)
    elif code == "US":
        _stripes(draw, w, h, [(178, 34, 52) if i % 2 == 0 else white for i in range(13)])
        draw.rectangle([0, 0, w * 0.4, h * 7 / 13], fill=(60, 59, 110))
        for row in range(5):
            for col in range(6):
                cx = w * 0.4 * (col + 0.5) / 6
                cy = h * 7 / 13 * (row + 0.5) / 5
                draw.ellipse([cx - 3, cy - 3, cx + 3, cy + 3], fill=white)
    else:
        draw.rectangle([0, 0, w, h], fill=blue)
    return flag


def flags_picture(codes):
    """A wide picture of the partner countries' flags side by side, as a PNG file."""
    canvas = PILImage.new("RGB", (1280, 720), (230, 238, 248))
    gap = 40
    total = len(codes) * FLAG_SIZE[0] + (len(codes) - 1) * gap
    scale = min(1.0, 1160 / total)
    size = (int(FLAG_SIZE[0] * scale), int(FLAG_SIZE[1] * scale))
    x = (1280 - (len(codes) * size[0] + (len(codes) - 1) * gap * scale)) / 2
    draw = ImageDraw.Draw(canvas)
    for code in codes:
        flag = draw_flag(code).resize(size)
        y = (720 - size[1]) // 2
        draw.rectangle([x + 6, y + 8, x + size[0] + 6, y + size[1] + 8], fill=(196, 206, 220))
        canvas.paste(flag, (int(x), y))
        draw.rectangle([x, y, x + size[0] - 1, y + size[1] - 1], outline=(120, 130, 145))
        x += size[0] + gap * scale
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer


def flags_alt(codes, language):
    with translation.override(language):
        names = [str(countries.name(code)) for code in codes]
        return _("Flags of %(countries)s side by side") % {
            "countries": get_text_list(names, _("and"))
        }


def ensure_flags_image(codes):
    Image = get_image_model()
    title = "Flags: " + ", ".join(codes)
    image = Image.objects.filter(title=title).first()
    if image is None:
        buffer = flags_picture(codes)
        image = Image(title=title)
        image.file = ImageFile(buffer, name=f"flags-{'-'.join(codes).lower()}.png")
        image.save()
    return image


def ensure_institutions():
    made = {}
    for short_name, name, country, city, tz, sector in INSTITUTIONS:
        institution, _created = Institution.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "country": country,
                "city": city,
                "timezone": tz,
                "sector": sector,
                "website": WEBSITES.get(short_name, ""),
            },
        )
        made[short_name] = institution
    for institution in Institution.objects.filter(short_name__in=["OsloMet", "UCLL"]):
        made[institution.short_name] = institution
    return made


def ensure_indexes(homes):
    """The good-practice index under every home page, in the menu, with curation rights."""
    default_code = settings.LANGUAGE_CODE
    home = homes[default_code]
    index = PracticeIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        title, slug, intro = INDEX_TEXT[default_code]
        index = home.add_child(
            instance=PracticeIndexPage(title=title, slug=slug, intro=intro, show_in_menus=True)
        )
        index.save_revision().publish()
    indexes = {default_code: index}
    for code, translated_home in homes.items():
        if code == default_code:
            continue
        translation_page = index.get_translation_or_none(translated_home.locale)
        if translation_page is None:
            translation_page = index.copy_for_translation(translated_home.locale)
            title, slug, intro = INDEX_TEXT[code]
            translation_page.title, translation_page.slug = title, slug
            translation_page.intro, translation_page.show_in_menus = intro, True
            translation_page.save_revision().publish()
        indexes[code] = translation_page.specific
    for page in indexes.values():
        ensure_curation(page)
    return indexes


def _raw_images(image, alt):
    return [{"type": "image", "value": {"image": image.pk, "alt_text": alt, "decorative": False}}]


def _raw_tips(tips):
    return [{"type": "tip", "value": tip} for tip in tips]


def _fill(page, text, language, image, codes):
    page.title = text["title"]
    page.summary = text["summary"]
    page.what_worked = text["what_worked"]
    page.tips = _raw_tips(text["tips"])
    page.images = _raw_images(image, flags_alt(codes, language))


def create_example(spec, indexes, institutions):
    index = indexes[settings.LANGUAGE_CODE]
    image = ensure_flags_image(spec["flags"])
    page = GoodPracticePage(
        slug=spec["slug"],
        sector=spec["sector"],
        mode=spec["mode"],
        duration=spec["duration"],
        participants=spec["participants"],
        featured=spec["featured"],
        contact_name=spec["contact"][0],
        contact_email=spec["contact"][1],
        live=False,
    )
    _fill(page, spec["en"], "en", image, spec["flags"])
    page.institutions = [institutions[name] for name in spec["institutions"]]
    page.tags.add(*spec["tags"])
    if spec.get("scores"):
        (
            page.score_innovation,
            page.score_curriculum,
            page.score_collaboration,
            page.score_technology,
            page.score_impact,
        ) = spec["scores"]
    if spec.get("module"):
        page.module = CourseModulePage.objects.filter(
            title=spec["module"], locale=index.locale
        ).first()
    index.add_child(instance=page)
    page.save_revision().publish()
    published = timezone.make_aware(
        datetime.datetime.combine(spec["published"], datetime.time(9, 0))
    )
    GoodPracticePage.objects.filter(pk=page.pk).update(
        first_published_at=published, last_published_at=published
    )
    return page


def translate_example(page, spec, code, index):
    text = spec[code]
    translated = page.copy_for_translation(index.locale)
    image = ensure_flags_image(spec["flags"])
    _fill(translated, text, code, image, spec["flags"])
    translated.slug = page.slug
    translated.duration = text.get("duration", page.duration)
    translated.tags.set(text.get("tags", spec["tags"]))
    translated.save_revision().publish()
    GoodPracticePage.objects.filter(pk=translated.pk).update(
        first_published_at=page.first_published_at, last_published_at=page.last_published_at
    )
    return translated


def seed(log):
    homes = ensure_home_pages()
    institutions = ensure_institutions()
    indexes = ensure_indexes(homes)
    default_index = indexes[settings.LANGUAGE_CODE]
    made = translated = 0
    for spec in EXAMPLES:
        page = GoodPracticePage.objects.filter(
            slug=spec["slug"], locale=default_index.locale
        ).first()
        if page is None:
            page = create_example(spec, indexes, institutions)
            page.refresh_from_db()
            made += 1
        for code, index in indexes.items():
            if code == settings.LANGUAGE_CODE or page.has_translation(index.locale):
                continue
            if code in spec:
                translate_example(page, spec, code, index)
                translated += 1
            else:
                # Untranslated examples appear in the other language trees as aliases,
                # as they would if an editor had made them in the admin.
                page.copy_for_translation(index.locale, alias=True)
    total = GoodPracticePage.objects.filter(locale=Locale.get_default(), live=True).count()
    log(
        f"practices: good-practice index in {', '.join(sorted(indexes))}; {total} published "
        f"examples ({made} new, {translated} new translations)"
    )
