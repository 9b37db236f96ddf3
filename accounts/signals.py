"""API tokens die with their owner's password or account, visibly: revoked on the tokens page.

Authentication compares the password fingerprint anyway (accounts/authentication.py), so a
change that bypasses save() is refused too; this only makes the common case show as revoked.
"""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import ApiToken, password_fingerprint

WATCHED_FIELDS = {"password", "is_active"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.revoke_stale_tokens")
def revoke_stale_tokens(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and not WATCHED_FIELDS & set(update_fields)):
        return  # e.g. the last_login update of every sign-in
    tokens = ApiToken.objects.filter(user=instance)
    if instance.is_active:
        tokens = tokens.exclude(password_fingerprint=password_fingerprint(instance))
    tokens.revoke_all()
