"""API tokens die with their owner's password or account, visibly: revoked on the tokens page.

Authentication compares the password fingerprint anyway (accounts/authentication.py), so a
change that bypasses save() is refused too; this only makes the common case show as revoked.
"""

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import ApiToken, password_fingerprint, password_fingerprint_of

WATCHED_FIELDS = {"password", "is_active"}


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.carry_tokens_over_a_rehash")
def carry_tokens_over_a_rehash(sender, instance, update_fields=None, **kwargs):
    """The same password stored with a stronger hash (check_password() after a Django upgrade
    raised the hasher's work factor) is not a change: the tokens made under it keep working.

    Django's re-hash alone saves only the password and leaves no raw password behind
    (set_password() does); every other way of storing a new hash still kills the tokens.
    """
    if instance.pk is None or update_fields is None or set(update_fields) != {"password"}:
        return
    if getattr(instance, "_password", None) is not None:
        return  # set_password(): a new password
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is None or stored == instance.password:
        return
    ApiToken.objects.active().filter(
        user=instance, password_fingerprint=password_fingerprint_of(stored)
    ).update(password_fingerprint=password_fingerprint(instance))


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.revoke_stale_tokens")
def revoke_stale_tokens(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and not WATCHED_FIELDS & set(update_fields)):
        return  # e.g. the last_login update of every sign-in
    tokens = ApiToken.objects.filter(user=instance)
    if instance.is_active:
        tokens = tokens.exclude(password_fingerprint=password_fingerprint(instance))
    tokens.revoke_all()
