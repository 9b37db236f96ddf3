"""The vendor portal: invitations, the pages a vendor contact sees under /respond/<token>/,
reminders and campaigns. Models live in evaluator/models/portal.py."""
