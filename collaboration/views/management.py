"""A module's enrolment and groups, managed by its teachers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from modules.models import CourseModulePage

from .. import membership, services
from ..forms import GroupSizeForm
from ..ids import id_from_link
from ..models import Enrolment, GroupMembership, Message, Removal, Space, StudentGroup
from ..permissions import is_module_teacher
from ..refusals import refusal_page


def _taught_module(request, module_id):
    """The module (original page) if the signed-in user teaches it or is a superuser."""
    page = get_object_or_404(CourseModulePage, pk=module_id)
    module = page.original()
    if not (request.user.is_superuser or is_module_teacher(request.user, module.pk)):
        refusal = refusal_page(request, _("Only the module's teachers manage its participants."))
        return module, refusal
    return module, None


@login_required
@require_GET
def enrolment(request, module_id):
    module, response = _taught_module(request, module_id)
    if response:
        return response
    groups = {
        placed.student_id: placed.group.label
        for placed in GroupMembership.objects.filter(module=module).select_related("group")
    }
    enrolments = Enrolment.objects.filter(module=module).select_related("student__institution")
    rows = [(entry, groups.get(entry.student_id)) for entry in enrolments]
    # The link without a language prefix: it redirects each student to the invitation in
    # their own language (cookie, browser), whichever language the teacher reads.
    join = reverse("collaboration:join", kwargs={"code": module.invitation_code})
    invitation = request.build_absolute_uri(join.removeprefix(f"/{get_language()}"))
    return render(
        request,
        "collaboration/enrolment.html",
        {
            "module": module.localized,
            "original": module,
            "rows": rows,
            "invitation": invitation,
            "removals": membership.removed_students(module),
        },
    )


@login_required
def remove_student(request, module_id, student_id):
    """GET asks the teacher to confirm; POST removes the student from the module."""
    module, response = _taught_module(request, module_id)
    if response:
        return response
    entry = (
        Enrolment.objects.filter(module=module, student_id=student_id)
        .select_related("student__institution")
        .first()
    )
    if entry is None:
        raise Http404(_("This student is not enrolled in the module."))
    if request.method == "POST":
        membership.remove_student(module, entry.student, by=request.user)
        messages.success(
            request,
            _("%(name)s no longer takes part in the module.") % {"name": entry.student.name},
        )
        return redirect("collaboration:enrolment", module_id=module.pk)
    group = GroupMembership.objects.filter(module=module, student=entry.student).first()
    return render(
        request,
        "collaboration/remove_student.html",
        {
            "module": module.localized,
            "original": module,
            "student": entry.student,
            "group": group.group if group else None,
        },
    )


@login_required
@require_POST
def readmit(request, module_id):
    """Let a removed student join again with the invitation code."""
    module, response = _taught_module(request, module_id)
    if response:
        return response
    removal = (
        Removal.objects.filter(module=module, student_id=id_from_link(request.POST.get("student")))
        .select_related("student")
        .first()
    )
    if removal is None:
        raise Http404(_("This student was not removed from the module."))
    membership.readmit(module, removal.student)
    messages.success(
        request,
        _("%(name)s may join the module again with the invitation code.")
        % {"name": removal.student.name},
    )
    return redirect("collaboration:enrolment", module_id=module.pk)


@login_required
def hidden_messages(request, module_id):
    """The hidden messages of the module's spaces; POST shows one again."""
    module, response = _taught_module(request, module_id)
    if response:
        return response
    spaces = Space.objects.filter(module=module)
    if request.method == "POST":
        message = get_object_or_404(
            Message.objects.select_related("space"),
            space__in=spaces,
            hidden=True,
            pk=id_from_link(request.POST.get("message")),
        )
        try:
            services.unhide_message(user=request.user, space=message.space, message_id=message.pk)
        except services.ServiceError as error:
            return refusal_page(request, error.detail)
        messages.success(request, _("The message is shown again."))
        return redirect("collaboration:hidden-messages", module_id=module.pk)
    return render(
        request,
        "collaboration/hidden_messages.html",
        {
            "module": module.localized,
            "original": module,
            "hidden": list(services.hidden_messages(spaces)),
        },
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
                formed = membership.regroup(
                    module, size_form.cleaned_data["group_size"], by=request.user
                )
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
            messages.success(request, _("%(name)s was added.") % {"name": group.label})
            return redirect("collaboration:groups", module_id=module.pk)
        elif action == "delete":
            group = get_object_or_404(
                StudentGroup, module=module, pk=id_from_link(request.POST.get("group"))
            )
            try:
                membership.delete_group(group)
            except ValueError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("%(name)s was deleted.") % {"name": group.label})
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
            wanted = id_from_link(request.POST.get(field)) or None
            if wanted is not None and wanted not in group_ids:
                continue
            if placed.get(student.pk) != wanted:
                membership.place_student(
                    module,
                    student,
                    StudentGroup.objects.get(pk=wanted) if wanted else None,
                    by=request.user,
                )
                changed += 1
    messages.success(request, _("Groups saved: %(count)s changes.") % {"count": changed})
