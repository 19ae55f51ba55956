"""Keep spaces in step with modules and groups, and close sockets that lose access."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modules.models import CourseModulePage, ModuleTeacher

from . import events
from .membership import ensure_module_spaces
from .models import Enrolment, GroupMembership, Space, SpaceKind, StudentGroup


@receiver(post_save, sender=CourseModulePage)
def create_module_spaces(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_module_spaces(instance)


@receiver(post_save, sender=StudentGroup)
def keep_group_space(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    space = Space.objects.filter(group=instance).first()
    if space is None:
        Space.objects.create(
            module_id=instance.module_id, kind=SpaceKind.GROUP, group=instance, name=instance.name
        )
    elif space.name != instance.name:
        space.name = instance.name
        space.save(update_fields=["name"])


@receiver(post_delete, sender=Space)
def close_deleted_space(sender, instance, **kwargs):
    events.close_space(instance.pk)


@receiver(post_delete, sender=Enrolment)
def leave_groups_with_module(sender, instance, **kwargs):
    GroupMembership.objects.filter(
        module_id=instance.module_id, student_id=instance.student_id
    ).delete()
    events.check_access(instance.student_id)


@receiver(post_save, sender=GroupMembership)
@receiver(post_delete, sender=GroupMembership)
def group_changed(sender, instance, **kwargs):
    events.check_access(instance.student_id)


@receiver(post_save, sender=ModuleTeacher)
@receiver(post_delete, sender=ModuleTeacher)
def teachers_changed(sender, instance, **kwargs):
    events.check_access(instance.user_id)


@receiver(post_save, sender=get_user_model())
def deactivated(sender, instance, raw=False, **kwargs):
    if not raw and not instance.is_active:
        events.revoke_user(instance.pk)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        events.revoke_session(session.session_key)


@receiver(post_delete, sender=get_user_model())
def deleted(sender, instance, **kwargs):
    events.revoke_user(instance.pk)
