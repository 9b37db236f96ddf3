"""``python manage.py verify_decisions``: re-compute every decision snapshot's SHA-256.

Exit status 0 when every decided evaluation's snapshot verifies, 1 otherwise (one line per
evaluation either way). Run it daily beside ``check_roadmaps`` (docs/operations.md).
"""

from django.core.management.base import BaseCommand, CommandError

from evaluator.decisions.verify import verify_all


class Command(BaseCommand):
    help = "Re-compute the SHA-256 of every decided evaluation's snapshot; exit 1 on any mismatch."

    def handle(self, *args, **options):
        findings = verify_all()
        for finding in findings:
            label = f"evaluation {finding.evaluation_id} ({finding.name})"
            if finding.ok:
                self.stdout.write(f"ok      {label}")
            else:
                for problem in finding.problems:
                    self.stderr.write(f"FAILED  {label}: {problem}")
        failed = sum(not finding.ok for finding in findings)
        if failed:
            raise CommandError(f"{failed} of {len(findings)} decisions failed verification.")
        self.stdout.write(self.style.SUCCESS(f"{len(findings)} decisions verified."))
