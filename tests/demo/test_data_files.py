"""The demo data files: each parses, refers only to known codes, and a typo names its file and key."""

import io
import json
import shutil

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from demo import evaluations, load, questionnaires, users, vendor_data
from vendors.models import Capability, Vendor

ALERTWELL = "vendors/01-alertwell-labs.json"


def test_every_demo_data_file_parses():
    names = [path.relative_to(load.DATA_DIR).as_posix() for path in sorted(load.DATA_DIR.rglob("*.json"))]
    assert {"users.json", "landscape.json", "questionnaires.json", "evaluations.json", ALERTWELL} <= set(
        names
    )
    for name in names:
        assert load.read(name) is not None, name
    assert len(vendor_data.vendors()) == len(load.files("vendors")) >= 8


@pytest.mark.django_db
def test_every_vendor_record_refers_to_known_codes_capabilities_and_briefings():
    specs = vendor_data.vendors()  # checks every code against the model's choices
    vendor_data.check_capabilities(specs, set(Capability.objects.values_list("slug", flat=True)))
    slugs = [spec["slug"] for spec in specs]
    assert len(set(slugs)) == len(slugs)
    for spec in specs:
        assert spec["file"] == f"vendors/{spec['file'][8:10]}-{spec['slug']}.json"
        titles = [item["title"] for item in spec["roadmap"]]
        assert len(set(titles)) == len(titles), spec["file"]


@pytest.mark.django_db
def test_the_other_files_name_demo_vendors_users_roles_and_capabilities():
    slugs = {spec["slug"] for spec in vendor_data.vendors()}
    capabilities = set(Capability.objects.values_list("slug", flat=True))
    usernames = {user["username"] for user in users.DEMO_USERS}
    roles = {user["role"] for user in users.DEMO_USERS} - {None}
    assert roles <= set(Group.objects.values_list("name", flat=True))
    assert set(questionnaires.DEMO_RESPONSES) <= slugs
    for evaluation in (evaluations.SCORING, evaluations.DECIDED):
        assert set(evaluation["candidates"]) <= slugs
        assert set(evaluation["required_capabilities"]) <= capabilities
    assert set(evaluations.MANUAL_SCORES) <= usernames
    assert all(set(scores) <= set(evaluations.CANDIDATES) for scores in evaluations.MANUAL_SCORES.values())


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of demo/data that the loader reads instead; edit(name, change) alters one file."""
    copy = tmp_path / "data"
    shutil.copytree(load.DATA_DIR, copy)
    monkeypatch.setattr(load, "DATA_DIR", copy)

    def edit(name, change):
        path = copy / name
        content = json.loads(path.read_text())
        change(content)
        path.write_text(json.dumps(content))

    edit.dir = copy
    return edit


def item(n: int, key: str, value):
    return lambda content: content["roadmap"][n].__setitem__(key, value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            item(2, "commitment_kind", "public_roadmp"),
            "roadmap[2].commitment_kind: unknown code 'public_roadmp'",
        ),
        (item(0, "titel", "x"), "roadmap[0]: unknown key titel"),
        (item(1, "first_promised_date", "2025-13-01"), "roadmap[1].first_promised_date: not an ISO date"),
        (item(3, "briefing", "2025-02-19"), "roadmap[3].briefing: unknown code '2025-02-19'"),
        (item(4, "status", "planned"), "roadmap[4]: a delivered item, and only a delivered one"),
        (
            lambda c: c["capabilities"]["geospatial-risk"].update(evidence_grade="V"),
            "geospatial-risk.evidence_grade",
        ),
        (
            lambda c: c["capabilities"]["geospatial-risk"]["maturity"].pop(),
            "geospatial-risk.maturity: give 5 levels",
        ),
        (lambda c: c["funding"][0].pop("note"), "funding[0]: missing key note"),
        (
            lambda c: c["briefings"][1]["covered"].append("budget"),
            "briefings[1].covered[2]: unknown code 'budget'",
        ),
        (lambda c: c.update(ownership="privat"), "ownership: unknown code 'privat'"),
        (
            lambda c: c["briefings"][1].update(date="2025-02-18"),
            "briefings[1].date: 2025-02-18 appears twice",
        ),
        (item(1, "title", "Mobile push alerts for the GSOC on-call"), "roadmap[1].title: Mobile push alerts"),
        (
            lambda c: c["financials"]["years"][0].update(revenue_millions="31"),
            "years[0].revenue_millions: expected",
        ),
    ],
)
def test_a_typo_in_a_vendor_file_names_the_file_and_the_key(data, change, message):
    data(ALERTWELL, change)
    with pytest.raises(load.DemoDataError) as raised:
        vendor_data.vendors()
    assert str(raised.value).startswith(f"demo/data/{ALERTWELL}: ")
    assert message in str(raised.value)


def test_a_file_that_is_not_json_names_the_file_and_the_line(data):
    path = data.dir / "landscape.json"
    path.write_text(path.read_text().replace('"today"', "today", 1))
    with pytest.raises(load.DemoDataError, match=r"demo/data/landscape.json: not valid JSON: .* line 2"):
        vendor_data.landscape()


@pytest.mark.django_db
def test_an_unknown_capability_names_the_file_and_the_key():
    specs = vendor_data.vendors()
    specs[0]["roadmap"][5]["capability"] = "geospatial-riks"
    with pytest.raises(
        load.DemoDataError, match=rf"{ALERTWELL}: roadmap\[5\].capability: unknown code 'geospatial-riks'"
    ):
        vendor_data.check_capabilities(specs, set(Capability.objects.values_list("slug", flat=True)))


@pytest.mark.django_db
def test_seed_demo_reports_a_data_mistake_and_creates_no_vendor(data):
    data(ALERTWELL, item(0, "contract_coverage", "include"))
    with pytest.raises(CommandError, match=rf"demo/data/{ALERTWELL}: roadmap\[0\].contract_coverage"):
        call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    assert not Vendor.objects.exists()
