from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import (
    EmailChangeForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    VisitorZoneForm,
)
from .models import timezone_names, validate_language


def _remember_language(response, language):
    """Set the language cookie as Django's set_language does (LANGUAGE_COOKIE_* settings)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _profile_page(request, **bound_forms):
    """The profile page with its three forms; `bound_forms` replace the empty ones.

    A page with a bound form is one whose input was refused: it answers 400 and shows what
    is saved (the header's name too), with the refused input in its form.
    """
    user = request.user
    if bound_forms:
        user.refresh_from_db()
    forms = {
        "form": ProfileForm(instance=user),
        "email_form": EmailChangeForm(user),
        "password_form": PasswordChangeForm(user),
        **bound_forms,
    }
    # The local time of the zone in the field, whenever it names one.
    zone = forms["form"]["timezone"].value()
    return render(
        request,
        "accounts/profile.html",
        {
            **forms,
            "timezone_names": timezone_names(),
            "local_zone": zone if zone in set(timezone_names()) else None,
            "now": timezone.now(),
        },
        status=400 if bound_forms else 200,
    )


@login_required
def profile(request):
    if request.method != "POST":
        return _profile_page(request)
    form = ProfileForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _profile_page(request, form=form)
    user = form.save()
    translation.activate(user.language)
    messages.success(request, _("Your profile has been saved."))
    response = redirect("accounts:profile")
    _remember_language(response, user.language)
    return response


def _save_and_return(request, name, form, done):
    """Save a form posted from the profile page and go back to it, or show it refused."""
    if not form.is_valid():
        return _profile_page(request, **{name: form})
    form.save()
    messages.success(request, done)
    # The form was posted to its section of the page (#email, #password); the browser would
    # keep that fragment through the redirect, and the message is at the top.
    return redirect(reverse("accounts:profile") + "#top")


@login_required
@require_POST
def change_email(request):
    form = EmailChangeForm(request.user, request.POST)
    return _save_and_return(request, "email_form", form, _("Your e-mail address has been changed."))


@login_required
@require_POST
def change_password(request):
    form = PasswordChangeForm(request.user, request.POST)
    response = _save_and_return(
        request, "password_form", form, _("Your password has been changed.")
    )
    if form.is_valid():
        # The new password would otherwise end this session along with every other one.
        update_session_auth_hash(request, form.user)
    return response


def _safe_next(request):
    """The local page to go back to (`next` in the form or the query), else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def time_zone(request):
    """Choose the zone times are shown in: the profile for people signed in, else a cookie.

    Posting `reset` forgets the visitor's choice; their browser's zone is used again on the
    next page (accounts/static/accounts/zone.js), or UTC without JavaScript.
    """
    if request.user.is_authenticated:
        return redirect(reverse("accounts:profile") + "#id_timezone")
    name = settings.TIME_ZONE_COOKIE_NAME
    form = VisitorZoneForm(
        request.POST or None, initial={"timezone": timezone.get_current_timezone_name()}
    )
    if request.method == "POST":
        if "reset" in request.POST:
            response = redirect(_safe_next(request))
            response.delete_cookie(name, samesite="Lax")
            return response
        if form.is_valid():
            response = redirect(_safe_next(request))
            response.set_cookie(
                name,
                form.cleaned_data["timezone"],
                max_age=365 * 24 * 3600,
                secure=request.is_secure(),
                samesite="Lax",
            )
            return response
    return render(
        request,
        "accounts/time_zone.html",
        {"form": form, "timezone_names": timezone_names(), "next": _safe_next(request)},
        status=400 if form.is_bound else 200,
    )


@require_POST
def set_language(request):
    """Django's set_language for the site's languages only; keeps a signed-in person's choice."""
    language = request.POST.get("language", "")
    try:
        validate_language(language)
    except ValidationError as error:
        # Django would store any language it has a catalogue for in the cookie.
        return HttpResponseBadRequest(" ".join(error.messages), content_type="text/plain")
    response = django_set_language(request)
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class LoginView(auth_views.LoginView):
    """Sign in, then continue in the language of the page signed in from.

    Without a `next`, the person lands on their my page under this page's prefix. Their
    profile language becomes the default for addresses without a prefix (the language cookie)
    unless they already chose one with the switcher.
    """

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            _remember_language(response, form.get_user().language)
        return response


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only), then go to the home page in the language of the page left."""

    next_page = reverse_lazy("wagtail_serve", args=[""])


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link to set a new password; says the same whether the address is known."""

    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from the link in the e-mail, which is under the e-mail's language."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
