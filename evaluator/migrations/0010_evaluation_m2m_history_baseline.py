"""Start each existing evaluation's member and candidate history from what it holds today.

Rows written before 0009 carry no snapshot of members and candidates, so the first change
after it would show everyone already there as "added". One baseline row per evaluation,
with a reason that says what it is, puts them on record where their history begins.
"""

from django.db import migrations
from django.utils import timezone

BASELINE_REASON = "Members and candidates as recorded when their history began"


def record_baseline(apps, schema_editor):
    Evaluation = apps.get_model("evaluator", "Evaluation")
    HistoricalEvaluation = apps.get_model("evaluator", "HistoricalEvaluation")
    snapshots = {
        "members": (apps.get_model("evaluator", "HistoricalEvaluation_members"), "user_id"),
        "candidates": (apps.get_model("evaluator", "HistoricalEvaluation_candidates"), "vendor_id"),
    }
    now = timezone.now()
    # The fields the history keeps (a later field may be left out of it, as blind_secret is).
    kept = {f.attname for f in HistoricalEvaluation._meta.concrete_fields}
    for evaluation in Evaluation.objects.all():
        row = HistoricalEvaluation.objects.create(
            **{
                f.attname: getattr(evaluation, f.attname)
                for f in Evaluation._meta.concrete_fields
                if f.attname in kept
            },
            history_date=now,
            history_type="~",
            history_change_reason=BASELINE_REASON,
            history_user=None,
        )
        for name, (snapshot_model, target) in snapshots.items():
            through = getattr(Evaluation, name).through
            snapshot_model.objects.bulk_create(
                snapshot_model(
                    history=row, id=link.pk, evaluation_id=evaluation.pk, **{target: getattr(link, target)}
                )
                for link in through.objects.filter(evaluation_id=evaluation.pk).order_by("pk")
            )


class Migration(migrations.Migration):
    dependencies = [("evaluator", "0009_evaluation_m2m_history")]

    # Backwards, 0009 drops the snapshot tables; the baseline rows stay as plain history.
    operations = [migrations.RunPython(record_baseline, migrations.RunPython.noop)]
