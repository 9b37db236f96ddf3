from tests import factories
from tests.url_roles import EDITORS, READ_ALL, Route
from tests.vendors.documents_factory import make_document

EDIT_ROLES_FORBIDDEN = ("executive",)


def routes():
    vendor = factories.VendorFactory(name="Walk Vendor", slug="walk-vendor")
    records = {
        "assessment": factories.AssessmentFactory(vendor=vendor),
        "financial": factories.FinancialFactFactory(vendor=vendor),
        "funding": factories.FundingEventFactory(vendor=vendor),
        "roadmap": factories.RoadmapItemFactory(vendor=vendor),
        "contract": factories.ContractFactory(vendor=vendor),
        "briefing": factories.BriefingFactory(vendor=vendor),
    }
    table = {
        "vendors:list": Route("/vendors/", READ_ALL),
        "vendors:create": Route("/vendors/new/", EDITORS, post_forbidden_for=EDIT_ROLES_FORBIDDEN),
        "vendors:taxonomy": Route("/vendors/capabilities/", READ_ALL),
        "vendors:roadmap": Route("/vendors/roadmaps/", READ_ALL),
        "vendors:roadmap_item": Route(f"/vendors/roadmaps/{records['roadmap'].pk}/", READ_ALL),
        "vendors:detail": Route("/vendors/walk-vendor/", READ_ALL),
        "vendors:edit": Route("/vendors/walk-vendor/edit/", EDITORS, post_forbidden_for=EDIT_ROLES_FORBIDDEN),
        "vendors:delete": Route(
            "/vendors/walk-vendor/delete/", EDITORS, post_forbidden_for=EDIT_ROLES_FORBIDDEN
        ),
    }
    # The evidence vault: executives read and download; editors add, edit and delete.
    document = make_document(vendor, title="Walk certificate")
    table.update(
        {
            "vendors:documents": Route("/vendors/walk-vendor/documents/", READ_ALL),
            "vendors:document_add": Route(
                "/vendors/walk-vendor/documents/add/", EDITORS, post_forbidden_for=EDIT_ROLES_FORBIDDEN
            ),
            "vendors:document_edit": Route(
                f"/vendors/documents/{document.pk}/edit/", EDITORS, post_forbidden_for=EDIT_ROLES_FORBIDDEN
            ),
            "vendors:document_delete": Route(
                f"/vendors/documents/{document.pk}/delete/", EDITORS, post_forbidden_for=EDIT_ROLES_FORBIDDEN
            ),
            "vendors:document_download": Route(f"/vendors/documents/{document.pk}/download/", READ_ALL),
            "vendors:document_history": Route(f"/vendors/documents/{document.pk}/history/", READ_ALL),
        }
    )
    for kind, record in records.items():
        table[f"vendors:{kind}_add"] = Route(
            f"/vendors/walk-vendor/{kind}/add/", EDITORS, post_forbidden_for=EDIT_ROLES_FORBIDDEN
        )
        table[f"vendors:{kind}_edit"] = Route(
            f"/vendors/{kind}/{record.pk}/edit/", EDITORS, post_forbidden_for=EDIT_ROLES_FORBIDDEN
        )
        table[f"vendors:{kind}_delete"] = Route(
            f"/vendors/{kind}/{record.pk}/delete/", EDITORS, post_forbidden_for=EDIT_ROLES_FORBIDDEN
        )
    return table
