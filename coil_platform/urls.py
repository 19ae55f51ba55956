from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import urls as accounts_urls
from accounts.views import set_language
from coil_platform.api import api_router
from coil_platform.locale import JavaScriptCatalog
from collaboration import urls as collaboration_urls
from funding import urls as funding_urls
from home.views import delivery_counters, healthz, help_page, search
from mypage import urls as mypage_urls
from notifications import urls as notifications_urls

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/counters", delivery_counters, name="delivery-counters"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    # UI strings of our own scripts (djangojs domain), in the language of the page (?language=).
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["collaboration"]),
        name="javascript-catalog",
    ),
    path("api/v2/", api_router.urls),
    path("", include((notifications_urls.api_urlpatterns, "notifications_api"))),
    path("", include((collaboration_urls.api_urlpatterns, "collaboration_api"))),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    # Wagtail's page URLs take no dots; a module's calendar lives at <module URL>calendar.ics
    # and is answered by the module page's own route.
    re_path(r"^((?:[\w\-]+/)+calendar\.ics)$", wagtail_views.serve, name="module_calendar"),
    # A call's draw record lives at <call URL>draw.json, the call page's own route.
    re_path(r"^((?:[\w\-]+/)+draw\.json)$", wagtail_views.serve, name="call_draw_json"),
    # Every page a person reads is in the language of its prefix; the old unprefixed
    # addresses are redirected there by LocaleMiddleware (coil_platform/locale.py).
    path("accounts/", include(accounts_urls)),
    path("", include(collaboration_urls)),
    path("", include(mypage_urls)),
    path("me/notifications/", include(notifications_urls)),
    path("funding/", include(funding_urls)),
    path("search/", search, name="search"),
    path("help/", help_page, name="help"),
    path("help/<slug:role>/", help_page, name="help-role"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# Errors nothing else answered: styled pages in the visitor's language, JSON under /api/.
handler400 = "coil_platform.errors.bad_request"
handler403 = "coil_platform.errors.permission_denied"
handler404 = "coil_platform.errors.page_not_found"
handler500 = "coil_platform.errors.server_error"
