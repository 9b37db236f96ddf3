"""Create the Risk leader, Procurement and Executive groups with their vendor permissions."""

from django.db import migrations

from config.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, schema_editor, "vendors")


class Migration(migrations.Migration):
    dependencies = [
        ("vendors", "0002_seed_taxonomy"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
