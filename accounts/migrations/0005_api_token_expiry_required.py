from django.db import migrations, models


class Migration(migrations.Migration):
    # Its own migration (own transaction): PostgreSQL will not alter a table with rows updated
    # earlier in the same transaction while deferred constraint checks are pending.
    dependencies = [("accounts", "0004_api_token_expiry")]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(help_text="The token stops working at this moment."),
        ),
    ]
