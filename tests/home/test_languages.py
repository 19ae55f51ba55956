"""The home page and the site frame in English, Norwegian bokmål and Swedish."""

import pytest
from django.conf import settings

from home.demo import HOME_TEXT
from home.models import StandardPage

# UI strings of the site frame (templates/base.html) as each language must show them.
FRAME_STRINGS = {
    "en": ["Skip to main content", "Sign in", "COIL Commons — collaborative online"],
    "nb": ["Hopp til hovedinnholdet", "Logg inn", "COIL Commons — internasjonal læring"],
    "sv": ["Hoppa till huvudinnehållet", "Logga in", "COIL Commons — internationellt"],
}


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_home_page_in_each_language(client, home_pages, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    title, intro = HOME_TEXT[language]
    assert f"<h1>{title}</h1>" in html
    assert intro in html
    for text in FRAME_STRINGS[language]:
        assert text in html
    others = [text for code in FRAME_STRINGS if code != language for text in FRAME_STRINGS[code]]
    for text in others:
        if text not in FRAME_STRINGS[language]:
            assert text not in html


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_language_switcher_on_every_language(client, home_pages, language):
    html = client.get(f"/{language}/").content.decode()

    # One button per language, labelled in its own language, the current one marked.
    for code, name in [("en", "English"), ("nb", "norsk (bokmål)"), ("sv", "svenska")]:
        assert f'value="{code}" lang="{code}"' in html
        assert f">{name}</button>" in html
    assert html.count('aria-current="true"') == 1
    assert f'value="{language}" lang="{language}"' in html.split('aria-current="true"')[0]


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("nb-NO,nb;q=0.9,en;q=0.5", "nb"),
        ("sv-SE", "sv"),
        ("sv-FI,fi;q=0.8", "sv"),
        ("en-GB", "en"),
        ("de-DE,de;q=0.9", "en"),
        ("", "en"),
    ],
)
def test_first_visit_follows_accept_language(client, home_pages, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == f"/{expected}/"


def test_chosen_language_wins_over_accept_language(client, home_pages):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nb")

    assert response["Location"] == "/sv/"


def test_switching_language_on_the_home_page(client, home_pages):
    response = client.post("/i18n/setlang/", {"language": "nb", "next": "/en/"})

    assert response.status_code == 302
    assert response["Location"] == "/nb/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="sv")["Location"] == "/nb/"


def test_switching_language_never_leaves_the_site(client, home_pages):
    response = client.post("/i18n/setlang/", {"language": "nb", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_page_without_translation_is_not_found_in_other_language(client, home_pages):
    home_pages["en"].add_child(instance=StandardPage(title="About", slug="about"))

    assert client.get("/en/about/").status_code == 200
    assert client.get("/nb/about/").status_code == 404


def test_standard_page_renders_its_body(client, home_pages):
    page = StandardPage(
        title="How COIL works",
        slug="how-coil-works",
        intro="Two classes, two countries, one module.",
        body=[("heading", "Before the module"), ("paragraph", "<p>Meet your partner.</p>")],
    )
    home_pages["en"].add_child(instance=page)

    html = client.get("/en/how-coil-works/").content.decode()
    assert "<h1>How COIL works</h1>" in html
    assert "Two classes, two countries, one module." in html
    assert "Before the module" in html
    assert "<p>Meet your partner.</p>" in html


def test_menu_shows_pages_of_the_current_language(client, home_pages):
    about = home_pages["en"].add_child(
        instance=StandardPage(title="About COIL", slug="about", show_in_menus=True)
    )
    translated = about.copy_for_translation(home_pages["nb"].locale)
    translated.title = "Om COIL"
    translated.save_revision().publish()

    english = client.get("/en/").content.decode()
    norwegian = client.get("/nb/").content.decode()

    assert '<a href="/en/about/">About COIL</a>' in english
    assert "Om COIL" not in english
    assert '<a href="/nb/about/">Om COIL</a>' in norwegian
    # The page itself is marked as the current one in the menu.
    assert 'href="/en/about/" aria-current="page"' in client.get("/en/about/").content.decode()
