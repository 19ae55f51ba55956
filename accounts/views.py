from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import ProfileForm
from .models import timezone_names, validate_language


def _remember_language(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
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
    """Django's set_language, which also keeps a signed-in person's preference."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        try:
            validate_language(language)
        except Exception:  # noqa: BLE001 - an unknown language just changes nothing
            return response
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
