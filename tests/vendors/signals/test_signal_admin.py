"""The admin keeps aliases and products (the names feeds use) and shows signals read-only."""

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import client_for
from tests.factories import VendorFactory
from vendors.models import VendorAlias


def test_a_duplicate_alias_is_a_field_error_not_a_database_error(db):
    vendor = VendorFactory()
    VendorAlias.objects.create(vendor=vendor, name="Hangzhou Hikvision Digital Technology")
    again = VendorAlias(vendor=vendor, name="hangzhou hikvision digital technology")
    with pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert "name" in refused.value.message_dict


def test_the_vendor_admin_edits_aliases_and_the_signal_admin_is_read_only(admin_user):
    vendor = VendorFactory()
    client = client_for(admin_user)
    page = client.get(f"/admin/vendors/vendor/{vendor.pk}/change/").content.decode()
    assert "aliases-TOTAL_FORMS" in page and "products-TOTAL_FORMS" in page
    assert client.get("/admin/vendors/signal/").status_code == 200
    assert client.get("/admin/vendors/signal/add/").status_code == 403
