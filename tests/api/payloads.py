"""Valid bodies for creating and changing each kind of record through the API."""

import datetime

from tests import factories
from vendors.models import CapabilityDomain


def create_payload(basename: str, vendor, n: int = 0) -> dict:
    capability = factories.capability()
    return {
        "vendor": {"name": f"Created Vendor {n}", "country": "Belgium", "founded": 2015},
        "capabilitydomain": {"name": f"New domain {n}", "slug": f"new-domain-{n}", "area": "cyber"},
        "capability": {
            "domain": capability.domain_id,
            "name": f"New capability {n}",
            "slug": f"new-capability-{n}",
        },
        "assessment": {
            "vendor": vendor.pk,
            "capability": capability.pk,
            "assessed_on": str(datetime.date(2025, 1, 1) + datetime.timedelta(days=n)),
            "maturity": 4,
        },
        "financialfact": {"vendor": vendor.pk, "fiscal_year": 2000 + n, "revenue": "1000000.00"},
        "fundingevent": {"vendor": vendor.pk, "date": "2024-01-01", "kind": "venture", "amount": "5000000"},
        "roadmapitem": {
            "vendor": vendor.pk,
            "capability": capability.pk,
            "title": f"New promise {n}",
            "first_promised_date": "2026-09-30",
        },
        "contract": {"vendor": vendor.pk, "start_date": "2026-01-01", "end_date": "2028-12-31"},
        "briefing": {"vendor": vendor.pk, "date": "2026-02-01", "covered_investment": True},
        "apitoken": {"name": f"script {n}"},
    }[basename]


PATCHES = {
    "vendor": {"country": "Denmark"},
    "capabilitydomain": {"description": "Changed"},
    "capability": {"description": "Changed"},
    "assessment": {"note": "Changed"},
    "financialfact": {"source": "Annual report"},
    "fundingevent": {"note": "Series C"},
    "roadmapitem": {"source": "Briefing notes"},
    "contract": {"tier": "Gold"},
    "briefing": {"notes": "Changed"},
    "answer": {"comment": "Changed"},
    "questionnaire": {"description": "Changed"},
    "questionnairesection": {"description": "Changed"},
    "question": {"help_text": "Changed"},
}


def fresh_record(basename: str, vendor, n: int = 0):
    """A record nothing else refers to, so that deleting it is allowed."""
    if basename == "vendor":
        return factories.VendorFactory(name=f"Disposable {n}", slug=f"disposable-{n}")
    if basename == "capabilitydomain":
        return CapabilityDomain.objects.create(name=f"Disposable {n}", slug=f"disposable-{n}", area="cyber")
    if basename == "capability":
        domain = factories.capability().domain
        return domain.capabilities.create(name=f"Disposable {n}", slug=f"disposable-{n}")
    make = {
        "assessment": lambda: factories.AssessmentFactory(
            vendor=vendor, assessed_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n)
        ),
        "financialfact": lambda: factories.FinancialFactFactory(vendor=vendor, fiscal_year=1990 + n),
        "fundingevent": lambda: factories.FundingEventFactory(vendor=vendor),
        "roadmapitem": lambda: factories.RoadmapItemFactory(vendor=vendor),
        "contract": lambda: factories.ContractFactory(vendor=vendor),
        "briefing": lambda: factories.BriefingFactory(vendor=vendor),
    }
    return make[basename]()


def answered_response(vendor, family: str, user=None):
    """A questionnaire issued to ``vendor`` with one answer recorded."""
    from evaluator.models import Answer
    from evaluator.responses.lifecycle import start_response
    from tests.evaluator.questionnaire_helpers import small_questionnaire

    response = start_response(vendor, small_questionnaire(family=family), user)
    question = (
        response.questionnaire.questions.filter(kind="text").first()
        or response.questionnaire.questions.first()
    )
    Answer.objects.create(
        response=response, question=question, value_text="Yes, since 2019", is_answered=True
    )
    return response
