"""Give the role groups their permissions on the evaluation models (config/roles.py)."""

from django.db import migrations

from config.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, schema_editor, "evaluator")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluator", "0003_evaluations"),
        ("vendors", "0003_roles"),
    ]
    # Reversing leaves the permissions in place: they go with the tables when 0003 is reversed.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
