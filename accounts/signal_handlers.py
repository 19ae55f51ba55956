from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.users.models import UserProfile


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def keep_admin_preferences_in_step(sender, instance, raw=False, **kwargs):
    """The Wagtail admin reads and writes times in its own profile's zone and language.

    A teacher entering session times in the admin must type them in their own time zone,
    the one set on the profile page, not in UTC.
    """
    if raw:
        return
    profile = UserProfile.get_for_user(instance)
    if (profile.current_time_zone, profile.preferred_language) != (
        instance.timezone,
        instance.language,
    ):
        profile.current_time_zone = instance.timezone
        profile.preferred_language = instance.language
        profile.save(update_fields=["current_time_zone", "preferred_language"])
