"""Text too long for a field is refused with a message naming the limit, never cut by the browser.

A ``maxlength`` attribute makes the browser drop whatever is pasted past the
limit without a word; the vendor and record forms leave it off, so the server
sees the whole text and says what is wrong.
"""

import re

import pytest

from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.factories import VendorFactory
from vendors.models import FundingEvent, Vendor

LONG = "N" * 10_000


@pytest.fixture
def editor(procurement):
    return client_for(procurement)


def inputs(html: str) -> list[str]:
    return re.findall(r"<input[^>]*>|<textarea[^>]*>", html)


@pytest.mark.parametrize(
    "address",
    [
        "/vendors/new/",
        "/vendors/{slug}/edit/",
        "/vendors/{slug}/funding/add/",
        "/vendors/{slug}/contract/add/",
    ],
)
def test_the_vendor_and_record_forms_put_no_maxlength_on_their_text_inputs(editor, address):
    vendor = VendorFactory()
    page = editor.get(address.format(slug=vendor.slug))
    assert page.status_code == 200
    fields = inputs(page.text)
    assert fields
    assert not [field for field in fields if "maxlength" in field]


def test_a_10000_character_vendor_name_gets_a_field_error_naming_the_limit(editor):
    page = editor.post("/vendors/new/", {"name": LONG, "ownership": "private", "status": "prospect"})
    assert page.status_code == 200
    assert page.context["form"].errors["name"] == [
        "Ensure this value has at most 120 characters (it has 10000)."
    ]
    assert not Vendor.objects.exists()


def test_an_over_long_funding_note_gets_a_field_error_naming_the_limit(editor):
    vendor = VendorFactory()
    page = editor.post(
        f"/vendors/{vendor.slug}/funding/add/",
        {"date": "2024-01-01", "kind": "seed", "amount": "1000", "currency": "EUR", "note": "x" * 500},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["note"] == [
        "Ensure this value has at most 200 characters (it has 500)."
    ]
    assert not FundingEvent.objects.exists()


def test_the_api_refuses_a_10000_character_name_with_the_limit(procurement):
    refused = token_client(procurement).post("/api/vendors/", {"name": LONG}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {
            "field": "name",
            "message": "Ensure this field has no more than 120 characters.",
            "code": "max_length",
        }
    ]
    assert not Vendor.objects.exists()


def test_a_name_of_exactly_120_characters_is_accepted(editor):
    name = "A" * 120
    done = editor.post("/vendors/new/", {"name": name, "ownership": "private", "status": "prospect"})
    assert done.status_code == 302
    assert Vendor.objects.get().name == name
