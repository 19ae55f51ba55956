"""Joining a module with its invitation code, signing up as a student on the way."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .. import membership
from ..forms import JoinCodeForm, SignupForm
from ..models import Enrolment, SpaceKind


def join_form(request):
    """Enter an invitation code: GET shows the invitation, POST joins at once."""
    form = JoinCodeForm(request.POST or request.GET or None)
    if not form.is_valid():
        return render(
            request,
            "collaboration/join_code.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    code = form.cleaned_data["code"]
    if request.method == "POST":
        if not request.user.is_authenticated:
            return _sign_in_first(request)
        return join(request, code)
    return redirect("collaboration:join", code=code)


def _sign_in_first(request):
    return redirect(f"{reverse('accounts:login')}?next={request.path}")


def _module_or_refusal(request, code):
    module = membership.module_for_code(code)
    if module is None:
        response = render(
            request,
            "collaboration/join_code.html",
            {
                "form": JoinCodeForm(initial={"code": code}),
                "error": _("No module has this invitation code. Check the code with your teacher."),
            },
            status=404,
        )
        return None, response
    return module, None


def _plaza_url(module):
    return membership.module_spaces(module)[SpaceKind.PLAZA].get_absolute_url()


def join(request, code):
    module, response = _module_or_refusal(request, code)
    if response:
        return response
    user = request.user
    enrolment = None
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(module=module, student=user).first()
    refusal = None if enrolment else membership.refusal(user, module)
    if request.method == "POST":
        if not user.is_authenticated:
            return _sign_in_first(request)
        try:
            _enrolment, created = membership.enrol(user, module)
        except membership.JoinRefused as error:
            messages.error(request, str(error))
            return redirect("collaboration:join", code=code)
        if created:
            messages.success(
                request, _("Welcome! You have joined %(module)s.") % {"module": module.title}
            )
        return redirect(_plaza_url(module))
    plaza = membership.module_spaces(module).get(SpaceKind.PLAZA) if enrolment else None
    return render(
        request,
        "collaboration/join.html",
        {
            "module": module.localized,
            "code": code,
            "enrolment": enrolment,
            "refusal": refusal,
            "plaza": plaza,
            "partners": module.partners.all(),
        },
        status=403 if refusal and user.is_authenticated else 200,
    )


def signup(request, code):
    module, response = _module_or_refusal(request, code)
    if response:
        return response
    if request.user.is_authenticated:
        return redirect("collaboration:join", code=code)
    refusal = membership.refusal(None, module)
    form = SignupForm(request.POST or None, partners=module.partners.all())
    if refusal is None and request.method == "POST" and form.is_valid():
        user = membership.sign_up(form, module, language=translation.get_language() or "en")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Your account is ready and you have joined %(module)s.") % {"module": module.title},
        )
        return redirect(_plaza_url(module))
    return render(
        request,
        "collaboration/signup.html",
        {"module": module.localized, "code": code, "form": form, "refusal": refusal},
        status=400 if form.errors else (403 if refusal else 200),
    )
