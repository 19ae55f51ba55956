"""Pages of enrolment, groups and discussion spaces. They all work without JavaScript."""

import datetime
import uuid
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import STUDENTS
from modules.models import CourseModulePage
from modules.scheduling import golden_hours

from . import changes, membership, participation, presence, services
from .forms import (
    GroupSizeForm,
    JoinCodeForm,
    MessageForm,
    ParticipationFilterForm,
    SignupForm,
)
from .ids import whole_number_param
from .models import Enrolment, GroupMembership, Message, Space, SpaceKind, StudentGroup
from .permissions import is_module_teacher, readable_spaces, space_access
from .protocol import client_protocol

PAGE_SIZE = 30


def keeps_not_found(view):
    """Serve this view's 404 as it is.

    The Wagtail pages live under i18n_patterns, so LocaleMiddleware answers any 404 at the
    root with a redirect to /en/<path>, which loses our explanation. Resolving the response
    against our own URLs, which have no language prefix, keeps it.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = render(
                request,
                "collaboration/forbidden.html",
                {"text": _("There is nothing at this address."), "title": _("Not found")},
                status=404,
            )
        if response.status_code == 404:
            request.urlconf = "collaboration.urls"
        return response

    return wrapper


def forbidden(request, text):
    return render(request, "collaboration/forbidden.html", {"text": text}, status=403)


def _id(value):
    """A message id from a page link, or None: a bad link shows the newest messages."""
    try:
        return whole_number_param(value, "id")
    except services.ServiceError:
        return None


# Discussion ----------------------------------------------------------------------------


@login_required
def space_page(request, space_id):
    space = get_object_or_404(Space.objects.select_related("module", "group"), pk=space_id)
    access = space_access(request.user, space)
    if not access.read:
        return forbidden(request, _("You are not a member of this discussion space."))
    status = 200
    form = None
    if access.post:
        form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            return forbidden(request, _("You can read this space but not post in it."))
        if form.is_valid():
            try:
                posted = services.post_message(
                    user=request.user,
                    space=space,
                    body=form.cleaned_data["body"],
                    client_id=form.cleaned_data["client_id"],
                    topic=form.cleaned_data["topic"] or None,
                )
            except services.ServiceError as error:
                form.add_error("topic" if "topic" in error.detail else "body", error.detail)
                status = error.status
            else:
                return redirect(f"{space.get_absolute_url()}#m-{posted.message.pk}")
        else:
            status = 400

    # Read before the messages: the page holds every change up to it, and the live client
    # syncs the changes after it.
    head_seq = changes.head(space.pk)
    visible = Message.objects.filter(space=space, hidden=False)
    topic = request.GET.get("topic") or None
    if topic:
        try:
            topic = services.clean_topic(topic)
        except services.ServiceError as error:
            return render(
                request,
                "collaboration/forbidden.html",
                {"text": error.detail, "title": _("Not a topic")},
                status=400,
            )
        visible = visible.filter(topic=topic)
    after, before = _id(request.GET.get("after")), _id(request.GET.get("before"))
    page, _more = services.list_messages(
        space, after=after, before=before, limit=PAGE_SIZE, topic=topic
    )
    has_older = bool(page) and visible.filter(pk__lt=page[0].pk).exists()
    has_newer = bool(page) and visible.filter(pk__gt=page[-1].pk).exists()
    last_read = services.last_read_id(request.user, space)
    if page and not has_newer and not topic:
        services.mark_read(user=request.user, space=space, up_to=page[-1].pk)

    context = {
        "space": space,
        "module": space.module.localized,
        "access": access,
        "form": form,
        "page_messages": page,
        "has_older": has_older,
        "has_newer": has_newer,
        "topic": topic,
        "topics": list(
            Message.objects.filter(space=space, hidden=False)
            .order_by("topic")
            .values_list("topic", flat=True)
            .distinct()[:100]
        ),
        "last_read": last_read,
        "head_seq": head_seq,
        "online": presence.online(space.pk),
        "other_spaces": list(
            readable_spaces(request.user).filter(module_id=space.module_id).select_related("group")
        ),
        "fresh_client_id": uuid.uuid4(),
        "protocol": client_protocol(),
    }
    return render(request, "collaboration/space.html", context, status=status)


@login_required
@require_POST
def hide(request, space_id, message_id):
    space = get_object_or_404(Space, pk=space_id)
    try:
        services.hide_message(user=request.user, space=space, message_id=message_id)
    except services.ServiceError as error:
        if error.code == "not_found":
            raise Http404(error.detail) from None
        return forbidden(request, error.detail)
    messages.success(request, _("The message is hidden."))
    return redirect(space.get_absolute_url())


# Enrolment -----------------------------------------------------------------------------


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
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        return join(request, code)
    return redirect("collaboration:join", code=code)


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
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        try:
            _enrolment, created = membership.enrol(user, module)
        except membership.JoinRefused as error:
            messages.error(request, str(error))
            return redirect("collaboration:join", code=code)
        if created:
            messages.success(
                request, _("Welcome! You have joined %(module)s.") % {"module": module.title}
            )
        plaza = membership.module_spaces(module)[SpaceKind.PLAZA]
        return redirect(plaza.get_absolute_url())
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
        with transaction.atomic():
            user = form.save(commit=False)
            institution = form.cleaned_data["institution"]
            user.institution = institution
            user.timezone = institution.timezone
            user.language = translation.get_language() or "en"
            user.save()
            user.groups.add(Group.objects.get(name=STUDENTS))
            membership.enrol(user, module)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Your account is ready and you have joined %(module)s.") % {"module": module.title},
        )
        return redirect(membership.module_spaces(module)[SpaceKind.PLAZA].get_absolute_url())
    return render(
        request,
        "collaboration/signup.html",
        {"module": module.localized, "code": code, "form": form, "refusal": refusal},
        status=400 if form.errors else (403 if refusal else 200),
    )


def _taught_module(request, module_id):
    """The module (original page) if the signed-in user teaches it or is a superuser."""
    page = get_object_or_404(CourseModulePage, pk=module_id)
    module = page.original()
    if not (request.user.is_superuser or is_module_teacher(request.user, module.pk)):
        return module, forbidden(request, _("Only the module's teachers manage its participants."))
    return module, None


@login_required
def enrolment(request, module_id):
    module, response = _taught_module(request, module_id)
    if response:
        return response
    if request.method == "POST":
        student_id = _id(request.POST.get("student"))
        entry = Enrolment.objects.filter(module=module, student_id=student_id).first()
        if entry is None:
            raise Http404(_("This student is not enrolled in the module."))
        membership.remove_student(module, entry.student)
        messages.success(
            request,
            _("%(name)s no longer takes part in the module.") % {"name": entry.student.name},
        )
        return redirect("collaboration:enrolment", module_id=module.pk)
    groups = dict(
        GroupMembership.objects.filter(module=module).values_list("student_id", "group__name")
    )
    enrolments = Enrolment.objects.filter(module=module).select_related("student__institution")
    rows = [(entry, groups.get(entry.student_id)) for entry in enrolments]
    invitation = request.build_absolute_uri(
        reverse("collaboration:join", kwargs={"code": module.invitation_code})
    )
    return render(
        request,
        "collaboration/enrolment.html",
        {"module": module.localized, "original": module, "rows": rows, "invitation": invitation},
    )


@login_required
def groups(request, module_id):
    module, response = _taught_module(request, module_id)
    if response:
        return response
    status = 200
    size_form = GroupSizeForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "form":
            size_form = GroupSizeForm(request.POST)
            if size_form.is_valid():
                formed = membership.regroup(module, size_form.cleaned_data["group_size"])
                messages.success(
                    request,
                    _("The students are now in %(count)s mixed groups.") % {"count": len(formed)},
                )
                return redirect("collaboration:groups", module_id=module.pk)
            status = 400
        elif action == "assign":
            _assign(request, module)
            return redirect("collaboration:groups", module_id=module.pk)
        elif action == "add":
            group = membership.add_group(module)
            messages.success(request, _("%(name)s was added.") % {"name": group.name})
            return redirect("collaboration:groups", module_id=module.pk)
        elif action == "delete":
            group = get_object_or_404(
                StudentGroup, module=module, pk=_id(request.POST.get("group"))
            )
            try:
                membership.delete_group(group)
            except ValueError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("%(name)s was deleted.") % {"name": group.name})
            return redirect("collaboration:groups", module_id=module.pk)
        else:
            status = 400
    module_groups = list(
        StudentGroup.objects.filter(module=module).select_related("space").order_by("pk")
    )
    placed = dict(
        GroupMembership.objects.filter(module=module).values_list("student_id", "group_id")
    )
    students = membership.enrolled_students(module)
    members = {group.pk: [] for group in module_groups}
    for student in students:
        if placed.get(student.pk) in members:
            members[placed[student.pk]].append(student)
    return render(
        request,
        "collaboration/groups.html",
        {
            "module": module.localized,
            "original": module,
            "groups": [(group, members[group.pk]) for group in module_groups],
            "students": [(student, placed.get(student.pk)) for student in students],
            "size_form": size_form,
            "unplaced": sum(1 for student in students if student.pk not in placed),
        },
        status=status,
    )


def _assign(request, module):
    group_ids = set(StudentGroup.objects.filter(module=module).values_list("pk", flat=True))
    placed = dict(
        GroupMembership.objects.filter(module=module).values_list("student_id", "group_id")
    )
    changed = 0
    with transaction.atomic():
        for student in membership.enrolled_students(module):
            field = f"group_{student.pk}"
            if field not in request.POST:
                continue
            wanted = _id(request.POST.get(field)) or None
            if wanted is not None and wanted not in group_ids:
                continue
            if placed.get(student.pk) != wanted:
                membership.place_student(
                    module, student, StudentGroup.objects.get(pk=wanted) if wanted else None
                )
                changed += 1
    messages.success(request, _("Groups saved: %(count)s changes.") % {"count": changed})


@login_required
def group_page(request, group_id):
    group = get_object_or_404(StudentGroup.objects.select_related("module", "space"), pk=group_id)
    access = space_access(request.user, group.space)
    if not access.read:
        return forbidden(request, _("Only the group's members and the module's teachers see it."))
    members = list(group.members.select_related("institution").order_by("institution__short_name"))
    now = timezone.now()
    zones = []
    for member in members:
        if member.timezone not in zones:
            zones.append(member.timezone)
    week_start = timezone.localdate(now)
    hours = golden_hours(zones, week_start, days=7)
    return render(
        request,
        "collaboration/group.html",
        {
            "group": group,
            "module": group.module.localized,
            "original": group.module,
            "members": [(member, now.astimezone(member.tzinfo)) for member in members],
            "golden_hours": hours,
            "week_end": week_start + datetime.timedelta(days=6),
            "can_manage": request.user.is_superuser
            or is_module_teacher(request.user, group.module_id),
        },
    )


# Participation figures -----------------------------------------------------------------


@login_required
def participation_figures(request):
    """Counts of enrolment and discussion per module, as a page or as CSV (`?format=csv`)."""
    if not participation.may_see_participation(request.user):
        return forbidden(
            request, _("Participation figures are for coordinators, editors and teachers.")
        )
    output = request.GET.get("format", "html")
    if output not in ("html", "csv"):
        return render(
            request,
            "collaboration/forbidden.html",
            {
                "title": _("Unknown format"),
                "text": _("The figures can be shown as a page or downloaded as CSV (format=csv)."),
            },
            status=400,
        )
    form = ParticipationFilterForm(request.GET)
    scope = participation.scope_for(request.user)
    if not form.is_valid():
        return render(
            request,
            "collaboration/participation.html",
            {"form": form, "scope": scope, "figures": []},
            status=400,
        )
    state = form.cleaned_data["state"]
    figures = participation.module_figures(request.user, scope, state=state, request=request)
    if output == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"participation-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        response.write("\ufeff")  # lets spreadsheet programs recognise UTF-8
        participation.write_csv(response, figures, request)
        return response
    query = urlencode({"state": state, "format": "csv"} if state else {"format": "csv"})
    return render(
        request,
        "collaboration/participation.html",
        {
            "form": form,
            "scope": scope,
            "state": state,
            "figures": figures,
            "partnerships": participation.partnerships(figures, scope.institution)
            if scope.institution
            else [],
            "csv_url": f"{request.path}?{query}",
        },
    )
