"""Keep co-author rights, index set-up and translations in step with the modules, and tell
the teachers when a module is published."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.admin.signal_handlers import (
    workflow_approval_email_notifier,
    workflow_rejection_email_notifier,
    workflow_submission_email_notifier,
)
from wagtail.models import PageLogEntry, Revision, WorkflowState
from wagtail.signals import (
    page_published,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from . import announcements
from .coauthors import ensure_index_rights, sync_coauthor_rights
from .models import CourseModulePage, ModuleIndexPage
from .translations import copy_module_facts


@receiver(post_save, sender=ModuleIndexPage)
def set_up_module_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_index_rights(instance)


@receiver(post_save, sender=CourseModulePage)
def cover_new_translation(sender, instance, created, raw=False, **kwargs):
    # A translation or alias of an existing module: its co-authors may edit it too.
    if created and not raw and instance.pk != instance.original().pk:
        sync_coauthor_rights(instance)


@receiver(post_save, sender=Revision)
def revision_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    if instance.content_type_id != ContentType.objects.get_for_model(CourseModulePage).pk:
        return
    page = CourseModulePage.objects.filter(pk=instance.object_id).first()
    if page is not None:
        sync_coauthor_rights(page, by=instance.user)


@receiver(page_published, sender=CourseModulePage)
def module_published(sender, instance, revision=None, **kwargs):
    original = instance.original()
    if original.pk == instance.pk:
        for translation in CourseModulePage.objects.filter(
            translation_key=original.translation_key, alias_of__isnull=True
        ).exclude(pk=original.pk):
            copy_module_facts(original, translation)
    elif instance.alias_of_id is None:
        copy_module_facts(original, instance)
    sync_coauthor_rights(instance)


@receiver(post_save, sender=PageLogEntry)
def publication_logged(sender, instance, created, raw=False, **kwargs):
    # Wagtail logs every publication, with who published, just after page_published.
    # Publications without a person (the demo data, a scheduled go-live) tell nobody.
    if raw or not created or instance.action != "wagtail.publish" or instance.user_id is None:
        return
    if instance.content_type_id != ContentType.objects.get_for_model(CourseModulePage).pk:
        return
    page = CourseModulePage.objects.filter(pk=instance.page_id).first()
    if page is not None and page.original().pk == page.pk:
        announcements.module_published(page, instance.user)


def _unless_module(notifier):
    """Wagtail's workflow e-mail, for every page but modules, whose notices are ours."""

    def send(sender, instance, **kwargs):
        model = instance.content_type.model_class()
        if not (model and issubclass(model, CourseModulePage)):
            notifier(instance, sender=sender, **kwargs)

    return send


# Wagtail connects its e-mails under these ids when its admin app is ready, after this
# app; a receiver already connected under the same id and sender takes that place.
for signal, notifier, uid in [
    (workflow_submitted, workflow_submission_email_notifier, "submitted"),
    (workflow_rejected, workflow_rejection_email_notifier, "rejected"),
    (workflow_approved, workflow_approval_email_notifier, "approved"),
]:
    signal.connect(
        _unless_module(notifier),
        sender=WorkflowState,
        weak=False,
        dispatch_uid=f"workflow_state_{uid}_email_notification",
    )
