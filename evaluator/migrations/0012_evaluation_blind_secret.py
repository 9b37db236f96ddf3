import secrets

from django.db import migrations, models

import evaluator.models.evaluations


def one_secret_each(apps, schema_editor):
    # AddField computes a callable default once for every existing row: give each its own.
    Evaluation = apps.get_model("evaluator", "Evaluation")
    for evaluation in Evaluation.objects.only("pk"):
        Evaluation.objects.filter(pk=evaluation.pk).update(blind_secret=secrets.token_hex(32))


class Migration(migrations.Migration):
    dependencies = [
        ("evaluator", "0011_questionnaire_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="blind_secret",
            field=models.CharField(
                default=evaluator.models.evaluations.new_blind_secret, editable=False, max_length=64
            ),
        ),
        migrations.RunPython(one_secret_each, migrations.RunPython.noop),
    ]
