"""manage.py seed_demo: the demo landscape, its profiles under the metrics, and idempotency."""

import hashlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from demo.management.commands import seed_demo
from demo.users import DEMO_PASSWORD
from demo.vendors import DEMO_TODAY
from engine import facts as vendor_facts
from vendors import selectors
from vendors.models import Briefing, Contract, RoadmapChange, RoadmapItem, Vendor

# Every test is a database test, even those that only read the module's seeded facts: pytest-django
# runs database tests before transactional ones, whose flush would empty the groups and the taxonomy
# that the migrations put in and the seed needs.
pytestmark = pytest.mark.django_db

SPECIALIST, SUITE, BUY_OUT, START_UP, INCUMBENT = (
    "alertwell-labs",
    "omnistrata",
    "corvane-systems",
    "nimbleflare",
    "ardmoor-security",
)


def seed(**kwargs) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed once, read everything the tests need into plain data, then roll the seed back."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        ids = dict(Vendor.objects.values_list("slug", "pk"))
        users = {
            user.username: SimpleNamespace(
                groups={group.name for group in user.groups.all()},
                is_superuser=user.is_superuser,
                password_ok=user.check_password(DEMO_PASSWORD),
                full_name=user.get_full_name(),
                email=user.email,
            )
            for user in get_user_model().objects.filter(
                username__in=["admin", "risk", "procurement", "executive"]
            )
        }
        facts = SimpleNamespace(
            output=output,
            ids=ids,
            slugs={pk: slug for slug, pk in ids.items()},
            vendors=list(Vendor.objects.values("slug", "status", "website", "unique_selling_points")),
            items=selectors.roadmap_frame(),
            delivery=vendor_facts.delivery_records(selectors.roadmap_frame(), DEMO_TODAY),
            rd=vendor_facts.rd_profiles(selectors.financial_frame(), selectors.funding_frame()),
            financials=selectors.financial_frame(),
            latest=selectors.assessment_frame(),
            history=selectors.assessment_frame(latest_only=False),
            changes=list(RoadmapChange.objects.order_by("item_id", "changed_at", "pk").values()),
            titles=dict(RoadmapItem.objects.values_list("pk", "title")),
            from_briefings=RoadmapItem.objects.filter(briefing__isnull=False).count(),
            contracts=list(
                Contract.objects.values("vendor__slug", "vendor__status", "start_date", "end_date")
            ),
            briefings=list(Briefing.objects.values()),
            users=users,
        )
        transaction.set_rollback(True)
    return facts


def score(demo, slug: str) -> float:
    return demo.delivery.loc[demo.ids[slug], "score"]


# --- the landscape -------------------------------------------------------------------


def test_it_seeds_at_least_eight_vendors_and_sixty_roadmap_items(demo):
    assert len(demo.vendors) >= 8
    assert len(demo.items) >= 60
    assert {v["status"] for v in demo.vendors} == {"prospect", "shortlisted", "incumbent", "rejected"}


def test_it_gives_every_vendor_a_fictional_website_and_two_to_four_selling_points(demo):
    for vendor in demo.vendors:
        assert vendor["website"].rstrip("/").endswith(".example"), vendor["slug"]
        assert 2 <= len(vendor["unique_selling_points"].splitlines()) <= 4, vendor["slug"]


def test_it_gives_every_vendor_at_least_three_fiscal_years(demo):
    years = demo.financials.groupby("vendor_id")["fiscal_year"].nunique()
    assert set(years.index) == set(demo.ids.values())
    assert years.min() >= 3


def test_it_records_silent_drops_overdue_items_betas_and_items_from_briefings(demo):
    items = demo.items
    assert (items["status"] == "silently_dropped").sum() >= 5
    assert (items["status"] == "cancelled").sum() >= 1
    assert (items["delivered_as"] == "beta").sum() >= 3
    assert demo.delivery["overdue_open"].sum() >= 3
    assert demo.from_briefings >= 20
    assert set(items["commitment_kind"]) == {"public_roadmap", "nda_briefing", "contractual", "sales_promise"}
    paid = items[items["contract_coverage"].isin(["paid_addon", "tier_upgrade"])]
    assert paid["coverage_cost"].notna().sum() >= 10


def test_it_rebaselines_items_through_the_log_some_two_or_three_times(demo):
    assert len(demo.changes) == demo.items["rebaselines"].sum() >= 25
    start_up = demo.items[demo.items["vendor_id"] == demo.ids[START_UP]]
    assert (start_up["rebaselines"] >= 2).sum() >= 4
    assert start_up["rebaselines"].max() == 3
    assert all(change["reason"] for change in demo.changes)


def test_it_logs_every_move_from_the_first_promise_to_the_current_target(demo):
    chains = {}
    for change in demo.changes:
        chains.setdefault(change["item_id"], []).append(change)
    for row in demo.items.itertuples():
        chain = chains.get(row.item_id, [])
        if not chain:
            assert row.target_date == row.first_promised_date, demo.titles[row.item_id]
            continue
        assert chain[0]["old_date"] == row.first_promised_date.date()
        assert chain[-1]["new_date"] == row.target_date.date()
        for before, after in zip(chain, chain[1:], strict=False):
            assert before["new_date"] == after["old_date"]


def test_it_dates_everything_on_or_before_the_fixed_demo_day(demo):
    assert demo.items["delivered_date"].max().date() <= DEMO_TODAY
    assert demo.history["assessed_on"].max().date() <= DEMO_TODAY
    assert max(change["changed_at"].date() for change in demo.changes) <= DEMO_TODAY
    assert max(briefing["date"] for briefing in demo.briefings) <= DEMO_TODAY


def test_it_gives_incumbents_and_shortlisted_vendors_a_current_contract(demo):
    current = {c["vendor__slug"] for c in demo.contracts if c["start_date"] <= DEMO_TODAY < c["end_date"]}
    needing = {v["slug"] for v in demo.vendors if v["status"] in ("incumbent", "shortlisted")}
    assert needing <= current
    # Some of the incumbent's roadmap lands after its contract ends: the coverage metric must see it.
    incumbent_end = max(c["end_date"] for c in demo.contracts if c["vendor__slug"] == INCUMBENT)
    incumbent_items = demo.items[demo.items["vendor_id"] == demo.ids[INCUMBENT]]
    assert (incumbent_items["target_date"].dt.date > incumbent_end).any()


def test_it_has_briefings_that_cover_all_four_questions_and_briefings_that_do_not(demo):
    questions = ("covered_roadmap", "covered_investment", "covered_timeframe", "covered_contract_terms")
    coverage = [sum(briefing[q] for q in questions) for briefing in demo.briefings]
    assert coverage.count(4) >= 5
    assert sum(1 for n in coverage if n < 4) >= 5


# --- the profiles come out right under the metrics ----------------------------------------


def test_it_gives_the_incumbent_and_the_specialist_a_better_delivery_record_than_the_start_up_and_buy_out(
    demo,
):
    assert min(score(demo, INCUMBENT), score(demo, SPECIALIST)) > max(
        score(demo, START_UP), score(demo, BUY_OUT)
    )


def test_it_shows_the_buy_outs_rd_intensity_falling_after_the_deal(demo):
    buy_out = demo.rd.loc[demo.ids[BUY_OUT]]
    assert buy_out["intensity_trend"] < 0
    intensity = buy_out["intensity_by_year"]
    assert intensity[2023] == pytest.approx(0.18)
    assert intensity[2025] == pytest.approx(0.10)
    assert demo.delivery.loc[demo.ids[BUY_OUT], "silent_drops"] >= 2


def test_it_shows_the_incumbent_investing_a_steady_fifteen_percent(demo):
    incumbent = demo.rd.loc[demo.ids[INCUMBENT]]
    assert all(0.145 <= value <= 0.155 for value in incumbent["intensity_by_year"].values())
    assert abs(incumbent["intensity_trend"]) < 0.5


def test_it_shows_the_start_up_paying_for_rd_with_venture_money(demo):
    start_up = demo.rd.loc[demo.ids[START_UP]]
    assert start_up["latest_intensity"] > 0.5
    assert start_up["organic_share"] == 0.0
    assert start_up["outside_funding_by_kind"]["venture"] > 0


def test_it_makes_the_suite_the_broadest_and_the_shallowest(demo):
    offered = demo.latest[demo.latest["maturity"] > 0].groupby("vendor_id")["maturity"]
    counts, means = offered.count(), offered.mean()
    suite = demo.ids[SUITE]
    assert counts.idxmax() == suite
    assert counts[suite] >= 20
    assert means.idxmin() == suite


def test_it_makes_the_specialist_deep_and_even_and_the_start_up_uneven(demo):
    history = demo.history.sort_values("assessed_on")
    gains = history.groupby(["vendor_id", "capability_id"])["maturity"].agg(lambda m: m.iloc[-1] - m.iloc[0])
    specialist, start_up = gains.loc[demo.ids[SPECIALIST]], gains.loc[demo.ids[START_UP]]
    assert demo.latest[demo.latest["vendor_id"] == demo.ids[SPECIALIST]]["maturity"].min() >= 4
    assert specialist.max() - specialist.min() <= 1
    assert start_up.max() - start_up.min() >= 3


def test_it_reproduces_the_worked_example_in_the_scoring_docs(demo):
    # docs/scoring.md section 1.4 walks through these numbers; change both together.
    record = demo.delivery.loc[demo.ids[START_UP]]
    assert (
        record["items_due"],
        record["delivered_on_time"],
        record["silent_drops"],
        record["overdue_open"],
    ) == (
        9,
        1.5,
        1,
        1,
    )
    assert record["median_slip_days"] == 169.5
    assert record["rebaselines_per_item"] == pytest.approx(12 / 11)
    assert record["smoothed_on_time_rate"] == pytest.approx(3.5 / 13)
    assert record["score"] == pytest.approx(0.1998, abs=5e-5)
    others = {slug: round(score(demo, slug), 3) for slug in (INCUMBENT, SPECIALIST, BUY_OUT, SUITE)}
    assert others == {INCUMBENT: 0.677, SPECIALIST: 0.639, BUY_OUT: 0.278, SUITE: 0.158}
    buy_out = demo.rd.loc[demo.ids[BUY_OUT]]
    assert buy_out["intensity_trend"] == pytest.approx(-2.95)
    assert buy_out["organic_share"] == 1.0
    assert demo.rd.loc[demo.ids[START_UP], "organic_share"] == 0.0


# --- users and the command ------------------------------------------------------------------


def test_it_creates_one_named_demo_user_per_role_with_the_published_password(demo):
    users = demo.users
    assert set(users) == {"admin", "risk", "procurement", "executive"}
    assert all(user.password_ok and user.full_name and user.email for user in users.values())
    assert users["admin"].is_superuser and users["admin"].groups == set()
    assert users["risk"].groups == {"Risk leader"}
    assert users["procurement"].groups == {"Procurement"}
    assert users["executive"].groups == {"Executive"}
    assert not any(users[name].is_superuser for name in ("risk", "procurement", "executive"))


def test_it_prints_the_demo_logins(demo):
    assert DEMO_PASSWORD in demo.output
    for username in ("admin", "risk", "procurement", "executive"):
        assert f"  {username} " in demo.output


def fingerprint() -> tuple[dict[str, int], str]:
    """Row counts per model and one hash over every column of every row of every model."""
    counts, digest = {}, hashlib.sha256()
    for model in apps.get_models(include_auto_created=True):
        rows = list(model._base_manager.order_by("pk").values_list())
        counts[model._meta.label] = len(rows)
        digest.update(f"{model._meta.label}:{rows!r}".encode())
    return counts, digest.hexdigest()


def test_it_changes_nothing_when_run_a_second_time():
    seed()
    counts, content = fingerprint()
    assert counts["vendors.RoadmapItem"] >= 60
    output = seed()
    assert fingerprint() == (counts, content)
    assert "0 new roadmap items" in output


def test_it_puts_back_a_demo_row_that_was_deleted_and_leaves_the_rest_alone():
    seed()
    item = RoadmapItem.objects.get(title="Cloud video archive")
    item.delete()
    counts, _ = fingerprint()
    untouched = RoadmapItem.objects.get(title="Open API v3")
    seed()
    after, _ = fingerprint()
    assert after["vendors.RoadmapItem"] == counts["vendors.RoadmapItem"] + 1
    assert after["vendors.RoadmapChange"] == counts["vendors.RoadmapChange"] + 1
    assert RoadmapItem.objects.get(pk=untouched.pk).version == untouched.version


def test_it_refuses_to_run_without_debug_unless_told_to(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Vendor.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


calls = []


def fake_seeder(stdout):
    calls.append(stdout)


def test_it_runs_every_seeder_in_the_list_in_order(monkeypatch, settings):
    settings.DEBUG = True
    calls.clear()
    monkeypatch.setattr(seed_demo, "SEEDERS", [f"{__name__}.fake_seeder", f"{__name__}.fake_seeder"])
    call_command("seed_demo", stdout=io.StringIO())
    assert len(calls) == 2
    assert not Vendor.objects.exists()
