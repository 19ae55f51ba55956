"""Keep co-author rights, index set-up and translations in step with the modules."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Revision
from wagtail.signals import page_published

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
