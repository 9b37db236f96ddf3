"""Grant the questionnaire permissions to the role groups and create the built-in questionnaire."""

from django.db import migrations

from config.roles import grant_role_permissions
from evaluator.questionnaires.builtin import create_builtin, delete_builtin


def forwards(apps, schema_editor):
    grant_role_permissions(apps, schema_editor, "evaluator")
    create_builtin(
        apps.get_model("evaluator", "Questionnaire"),
        apps.get_model("evaluator", "Section"),
        apps.get_model("evaluator", "Question"),
        apps.get_model("evaluator", "Choice"),
        apps.get_model("vendors", "Capability"),
    )


def backwards(apps, schema_editor):
    delete_builtin(apps.get_model("evaluator", "Questionnaire"))


class Migration(migrations.Migration):
    dependencies = [
        ("evaluator", "0001_questionnaires"),
        ("vendors", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
