from django.utils import timezone

from evaluator.models import Answer, Campaign, Questionnaire, Section
from evaluator.portal.invitations import invite
from evaluator.questionnaires.builtin import BUILTIN_FAMILY
from evaluator.responses.lifecycle import start_response
from tests import factories
from tests.url_roles import EDITORS, LOGIN, READ_ALL, Route

READ_ONLY = ("executive",)
# Views that answer POST only: refused (403) for readers, "method not allowed" for editors.
POST_ONLY = {"anonymous": LOGIN, "executive": 403, "procurement": 405, "risk_leader": 405, "admin": 405}
SIGNED_IN_404 = {"anonymous": LOGIN, "executive": 404, "procurement": 404, "risk_leader": 404, "admin": 404}


def routes():
    vendor = factories.VendorFactory(name="Walk Questionnaire Vendor", slug="walk-q-vendor")
    builtin = Questionnaire.objects.get(family=BUILTIN_FAMILY, version_number=1)
    response = start_response(vendor, builtin, None)
    first_section = builtin.sections.first()
    question = builtin.questions.first()
    answer = Answer.objects.create(response=response, question=question, value_text="walk")
    draft = Questionnaire.objects.create(family="walk-draft", title="Walk draft version")
    draft_section = Section.objects.create(questionnaire=draft, title="Only section")
    draft_question = draft.questions.create(section=draft_section, code="W-01", text="Walk?", kind="text")
    r = f"/questionnaires/responses/{response.pk}"
    campaign = Campaign.objects.create(title="Walk campaign", questionnaire=builtin, deadline="2030-01-31")
    c = f"/questionnaires/campaigns/{campaign.pk}"
    invitation, _ = invite(response, "walk@vendor.example", timezone.localdate(), None)
    i = f"{r}/invitations/{invitation.pk}"
    return {
        "questionnaires:list": Route("/questionnaires/", READ_ALL),
        "questionnaires:create": Route("/questionnaires/new/", EDITORS, post_forbidden_for=READ_ONLY),
        "questionnaires:import_questionnaire": Route(
            "/questionnaires/import/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        # Without a staged upload the preview sends editors back to step 1 (test_vsaq_import.py).
        "questionnaires:import_preview": Route(
            "/questionnaires/import/preview/",
            {"anonymous": LOGIN, "executive": 403, "procurement": 302, "risk_leader": 302, "admin": 302},
            post_forbidden_for=READ_ONLY,
        ),
        "questionnaires:detail": Route(f"/questionnaires/{builtin.pk}/", READ_ALL),
        "questionnaires:edit": Route(
            f"/questionnaires/{draft.pk}/edit/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:new_version": Route(
            f"/questionnaires/{builtin.pk}/new-version/", POST_ONLY, post_forbidden_for=READ_ONLY
        ),
        # Every reader sees the links; saving them is for editors, on draft versions only.
        "questionnaires:capabilities": Route(
            f"/questionnaires/{draft.pk}/capabilities/", READ_ALL, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:blank_export": Route(f"/questionnaires/{builtin.pk}/blank/xlsx/", READ_ALL),
        "questionnaires:section_add": Route(
            f"/questionnaires/{draft.pk}/sections/add/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:section_edit": Route(
            f"/questionnaires/sections/{draft_section.pk}/edit/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:question_add": Route(
            f"/questionnaires/{draft.pk}/questions/add/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:question_edit": Route(
            f"/questionnaires/questions/{draft_question.pk}/edit/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:question_delete": Route(
            f"/questionnaires/questions/{draft_question.pk}/delete/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:responses": Route("/questionnaires/responses/", READ_ALL),
        "questionnaires:response_start": Route(
            "/questionnaires/responses/new/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:response": Route(f"{r}/", READ_ALL),
        "questionnaires:section": Route(
            f"{r}/sections/{first_section.pk}/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:transition": Route(f"{r}/step/submit/", POST_ONLY, post_forbidden_for=READ_ONLY),
        "questionnaires:review_answer": Route(
            f"{r}/answers/{answer.pk}/review/", POST_ONLY, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:export": Route(f"{r}/export/csv/", READ_ALL),
        "questionnaires:import": Route(f"{r}/import/", EDITORS, post_forbidden_for=READ_ONLY),
        "questionnaires:import_report": Route(f"{r}/import/report.csv", EDITORS),
        # Vendor-portal invitations (tests/evaluator/test_invitations_pages.py). Without an invite
        # just made in this session, the link page says the link was shown once.
        "questionnaires:invitation_new": Route(
            f"{r}/invitations/new/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:invitation_detail": Route(f"{i}/", READ_ALL),
        "questionnaires:invitation_link": Route(f"{i}/link/", EDITORS),
        "questionnaires:invitation_revoke": Route(f"{i}/revoke/", EDITORS, post_forbidden_for=READ_ONLY),
        # The walk's answer has no file; downloads are tested in test_questionnaire_pages.py.
        "questionnaires:attachment": Route(f"/questionnaires/attachments/{answer.pk}/", SIGNED_IN_404),
        "questionnaires:campaigns": Route("/questionnaires/campaigns/", READ_ALL),
        "questionnaires:campaign_create": Route(
            "/questionnaires/campaigns/new/", EDITORS, post_forbidden_for=READ_ONLY
        ),
        "questionnaires:campaign": Route(f"{c}/", READ_ALL),
        "questionnaires:campaign_remind_late": Route(
            f"{c}/remind-late/", POST_ONLY, post_forbidden_for=READ_ONLY
        ),
    }
