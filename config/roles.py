"""The three business roles, as Django groups with model permissions.

Each app's data migration calls ``grant_role_permissions`` for its own
models, so a new model gets its permissions in the same migration that
creates it. Administrators are superusers and need no group.
"""

from django.db import models


class Role(models.TextChoices):
    RISK_LEADER = "Risk leader", "Risk leader"
    PROCUREMENT = "Procurement", "Procurement"
    EXECUTIVE = "Executive", "Executive"


ALL_ACTIONS = ("add", "change", "delete", "view")
READ = ("view",)

# app label -> model name -> role -> actions. Models not listed get "view" for every role.
ROLE_PERMISSIONS: dict[str, dict[str, dict[Role, tuple[str, ...]]]] = {
    "vendors": {
        model: {Role.RISK_LEADER: ALL_ACTIONS, Role.PROCUREMENT: ALL_ACTIONS, Role.EXECUTIVE: READ}
        for model in (
            "vendor",
            "capabilityassessment",
            "financialfact",
            "fundingevent",
            "roadmapitem",
            "contract",
            "briefing",
        )
    }
    | {
        # The taxonomy is reference data, maintained by administrators.
        "capabilitydomain": {Role.RISK_LEADER: READ, Role.PROCUREMENT: READ, Role.EXECUTIVE: READ},
        "capability": {Role.RISK_LEADER: READ, Role.PROCUREMENT: READ, Role.EXECUTIVE: READ},
        # The re-baseline log is written by the system, never edited by hand.
        "roadmapchange": {Role.RISK_LEADER: READ, Role.PROCUREMENT: READ, Role.EXECUTIVE: READ},
        # Anyone may watch a vendor and read (mark as read) their own notifications.
        "vendorwatch": dict.fromkeys(Role, ("add", "delete", "view")),
        "notification": dict.fromkeys(Role, ("change", "view")),
        # Signals: imported by the system; editors confirm or dismiss them (change) and work the
        # review queue; aliases and products are part of the vendor record.
        "signal": {
            Role.RISK_LEADER: ("change", "view"),
            Role.PROCUREMENT: ("change", "view"),
            Role.EXECUTIVE: READ,
        },
        "unmatchedentry": {
            Role.RISK_LEADER: ("change", "view"),
            Role.PROCUREMENT: ("change", "view"),
            Role.EXECUTIVE: READ,
        },
        "vendoralias": {Role.RISK_LEADER: ALL_ACTIONS, Role.PROCUREMENT: ALL_ACTIONS, Role.EXECUTIVE: READ},
        "vendorproduct": {Role.RISK_LEADER: ALL_ACTIONS, Role.PROCUREMENT: ALL_ACTIONS, Role.EXECUTIVE: READ},
        # The evidence vault: part of the vendor record.
        "vendordocument": {
            Role.RISK_LEADER: ALL_ACTIONS,
            Role.PROCUREMENT: ALL_ACTIONS,
            Role.EXECUTIVE: READ,
        },
        # Written by the importers only.
        "feedstate": dict.fromkeys(Role, ()),
        "webhookdelivery": dict.fromkeys(Role, ()),
    },
    "evaluator": {
        # Questionnaires: procurement and risk leaders build, enter and review; executives read.
        model: {Role.RISK_LEADER: ALL_ACTIONS, Role.PROCUREMENT: ALL_ACTIONS, Role.EXECUTIVE: READ}
        for model in ("questionnaire", "section", "question", "choice", "response", "answer")
    }
    | {
        # Risk leaders run evaluations; procurement and executives take part as members and read.
        # Seeing one evaluation also needs membership (Evaluation.objects.visible_to).
        model: {Role.RISK_LEADER: ALL_ACTIONS, Role.PROCUREMENT: READ, Role.EXECUTIVE: READ}
        for model in (
            "evaluation",
            "requiredcapability",
            "criterion",
            "groupcomparison",
            "criterioncomparison",
        )
    }
    | {
        # Procurement members rate the commercial criteria (contract terms, cost, support) that
        # they negotiate; executives read results and do not score.
        "manualscore": {Role.RISK_LEADER: ALL_ACTIONS, Role.PROCUREMENT: ALL_ACTIONS, Role.EXECUTIVE: READ},
    }
    | {
        # The vendor portal: those who enter and review answers invite vendor contacts and run
        # campaigns; executives read. What the portal and the reminders wrote is read-only.
        model: {Role.RISK_LEADER: ALL_ACTIONS, Role.PROCUREMENT: ALL_ACTIONS, Role.EXECUTIVE: READ}
        for model in ("invitation", "campaign")
    }
    | {model: dict.fromkeys(Role, READ) for model in ("portalevent", "remindersent")}
    | {"digestsent": dict.fromkeys(Role, ())},
}


def grant_role_permissions(apps, schema_editor, app_label: str) -> None:
    """Create the role groups if needed and give them ``app_label``'s permissions.

    Meant to be called from a data migration with the historical ``apps``.
    Idempotent: running it again adds nothing new.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    # Historical app configs have no models module; create_permissions skips those.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    table = ROLE_PERMISSIONS.get(app_label, {})
    for role in Role:
        group, _ = group_model.objects.get_or_create(name=role.value)
        for model in app_config.get_models():
            model_name = model._meta.model_name
            actions = table.get(model_name, {}).get(role, READ)
            content_type = content_type_model.objects.get(app_label=app_label, model=model_name)
            codenames = [f"{action}_{model_name}" for action in actions]
            group.permissions.add(
                *permission_model.objects.filter(content_type=content_type, codename__in=codenames)
            )


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return {group.name for group in user.groups.all()}
