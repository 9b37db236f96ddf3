import datetime
import hashlib

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def fill_existing_tokens(apps, schema_editor):
    # Tokens made before expiry existed get a full lifetime from the upgrade, and the
    # fingerprint of their owner's current password (as accounts.models.password_fingerprint).
    token_model = apps.get_model("accounts", "ApiToken")
    expires_at = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    for token in token_model.objects.select_related("user"):
        token.expires_at = expires_at
        token.password_fingerprint = hashlib.sha256(f"api-token:{token.user.password}".encode()).hexdigest()
        token.save(update_fields=["expires_at", "password_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_role_policies")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, help_text="The token stops working at this moment."),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_fingerprint",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_existing_tokens, migrations.RunPython.noop),
    ]
