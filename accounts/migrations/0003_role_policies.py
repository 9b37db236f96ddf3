from django.db import migrations

from config.roles import Role


def add_role_policies(apps, schema_editor):
    # One row per role, all off, so the admin page lists every role ready to tick.
    group_model = apps.get_model("auth", "Group")
    policy_model = apps.get_model("accounts", "RolePolicy")
    for role in Role:
        group, _ = group_model.objects.get_or_create(name=role.value)
        policy_model.objects.get_or_create(group=group)


def remove_role_policies(apps, schema_editor):
    apps.get_model("accounts", "RolePolicy").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_two_factor")]

    operations = [migrations.RunPython(add_role_policies, remove_role_policies)]
