from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import ProfileForm
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


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user = form.save()
            translation.activate(user.language)
            messages.success(request, _("Your profile has been saved."))
            response = redirect("accounts:profile")
            _remember_language(response, user.language)
            return response
        status = 400
    else:
        form = ProfileForm(instance=request.user)
        status = 200
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "timezone_names": timezone_names()},
        status=status,
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
    """Sign in, then continue in the person's preferred language."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        _remember_language(response, form.get_user().language)
        return response
