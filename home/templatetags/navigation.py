from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page, Site

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each language: its translation, or the same URL in that language."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation
    options = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            next_url = translations[code].get_url(request)
        else:
            next_url = translate_url(request.get_full_path(), code)
        info = get_language_info(code)
        options.append(
            {"code": code, "name": info["name_local"], "next": next_url, "current": code == current}
        )
    return {"options": options, "request": request, "csrf_token": context.get("csrf_token")}


@register.simple_tag(takes_context=True)
def localized_home(context):
    """The site's home page in the active language (falls back to the default)."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    try:
        locale = Locale.get_active()
        return root.get_translation(locale).specific
    except (Page.DoesNotExist, Locale.DoesNotExist):
        return root.specific


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The live pages directly under the home page that are marked to show in menus."""
    home = localized_home(context)
    if home is None:
        return []
    return list(home.get_children().live().in_menu().specific())
