"""The vendor list answers exactly what DRF's own ModelSerializer and filters would.

GET /api/vendors/ takes a faster path than DRF's generic one (tests/perf/bench_api.py): rows
read as values, a representation plan prepared once per process, the filter form built only
when a filter is asked for. These tests compare its JSON, byte for byte, with a plain
``ModelSerializer`` of the same fields over the same rows, for every filter, search, ordering
and page, in two time zones, and with the errors a bad filter or page answers.
"""

import datetime
import json

import pytest
from django.test import override_settings
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from tests import factories
from tests.api.conftest import token_client
from vendors.models import Vendor

FIELDS = [
    "id",
    "name",
    "slug",
    "website",
    "country",
    "founded",
    "headcount",
    "ownership",
    "status",
    "unique_selling_points",
    "description",
    "created_at",
    "updated_at",
    "version",
]


class ReferenceSerializer(serializers.ModelSerializer):
    """What DRF answers for these columns with no shortcut at all."""

    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Vendor
        fields = FIELDS


@pytest.fixture
def vendors(db):
    rows = [
        factories.VendorFactory(
            name="Åsgård Security",
            country="Norway",
            founded=None,
            headcount=None,
            ownership="public",
            status="shortlisted",
            website="https://asgard.example/",
            description='Deep "quoted" <b>text</b>\nwith lines',
        ),
        factories.VendorFactory(
            name="Beacon", country="Netherlands", status="incumbent", ownership="pe_owned"
        ),
        factories.VendorFactory(
            name="Cobalt", country="Germany", founded=1999, headcount=0, unique_selling_points=""
        ),
    ]
    rows += [factories.VendorFactory(status="rejected" if n % 3 else "prospect") for n in range(57)]
    # Time stamps with and without microseconds, in and out of summer time.
    stamps = [
        datetime.datetime(2026, 7, 1, 12, 30, 15, 123456, tzinfo=datetime.UTC),
        datetime.datetime(2026, 1, 31, 23, 59, 59, tzinfo=datetime.UTC),
        datetime.datetime(2025, 3, 30, 1, 0, 0, 1, tzinfo=datetime.UTC),
    ]
    for index, vendor in enumerate(rows):
        Vendor.objects.filter(pk=vendor.pk).update(
            created_at=stamps[index % 3], updated_at=stamps[(index + 1) % 3], version=index + 1
        )
    return rows


def expected_page(queryset, page: int = 1, size: int = 50):
    rows = list(queryset)
    count = len(rows)
    chosen = rows[(page - 1) * size : page * size]
    return count, ReferenceSerializer(chosen, many=True).data


def compare(client, url, queryset, page=1):
    answer = client.get(url)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    count, results = expected_page(queryset, page)
    assert body["count"] == count
    assert list(body) == ["count", "next", "previous", "results"]
    # Byte for byte: the same keys in the same order, the same numbers and time stamps.
    assert json.dumps(body["results"]) == json.dumps(json.loads(JSONRenderer().render(results)))
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("time_zone", ["UTC", "Europe/Amsterdam"])
@pytest.mark.parametrize(
    ("query", "narrow"),
    [
        ("", lambda qs: qs),
        ("?status=shortlisted", lambda qs: qs.filter(status="shortlisted")),
        ("?ownership=pe_owned", lambda qs: qs.filter(ownership="pe_owned")),
        ("?country=Germany", lambda qs: qs.filter(country="Germany")),
        ("?country__icontains=NOR", lambda qs: qs.filter(country__icontains="nor")),
        ("?search=quoted", lambda qs: qs.search("quoted")),
        ("?status=rejected&search=vendor", lambda qs: qs.filter(status="rejected").search("vendor")),
        ("?ordering=-founded", lambda qs: qs.order_by("-founded")),
        ("?ordering=updated_at", lambda qs: qs.order_by("updated_at")),
        ("?unknown=1", lambda qs: qs),
    ],
)
def test_the_list_is_drfs_own_representation(vendors, procurement, time_zone, query, narrow):
    client = token_client(procurement)
    with override_settings(TIME_ZONE=time_zone):
        compare(client, "/api/vendors/" + query, narrow(Vendor.objects.order_by("name")))


@pytest.mark.django_db
def test_the_second_page_and_its_links(vendors, procurement):
    client = token_client(procurement)
    body = compare(client, "/api/vendors/?page=2", Vendor.objects.order_by("name"), page=2)
    assert body["next"] is None
    assert body["previous"] == "http://testserver/api/vendors/"
    first = client.get("/api/vendors/").json()
    assert first["next"] == "http://testserver/api/vendors/?page=2"
    assert first["previous"] is None


@pytest.mark.django_db
def test_one_vendor_is_the_same_representation(vendors, procurement):
    client = token_client(procurement)
    vendor = vendors[0]
    answer = client.get(f"/api/vendors/{vendor.pk}/")
    assert answer.status_code == 200
    assert answer.json() == json.loads(
        JSONRenderer().render(ReferenceSerializer(Vendor.objects.get(pk=vendor.pk)).data)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status", "body"),
    [
        (
            "?status=bogus",
            400,
            {
                "detail": "The request was not accepted; see the errors for: status.",
                "errors": [
                    {
                        "field": "status",
                        "message": "Select a valid choice. bogus is not one of the available choices.",
                        "code": "invalid_choice",
                    }
                ],
            },
        ),
        ("?page=9", 404, {"detail": "Invalid page."}),
        ("?ordering=nonsense", 200, None),
    ],
)
def test_bad_filters_and_pages_answer_as_before(vendors, procurement, query, status, body):
    answer = token_client(procurement).get("/api/vendors/" + query)
    assert answer.status_code == status, answer.content
    if body is not None:
        assert {key: answer.json()[key] for key in body} == body
