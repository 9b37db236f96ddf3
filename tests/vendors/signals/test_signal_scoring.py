"""What signals do to an evaluation: the scorecard's risk flag and the product security record criterion."""

import datetime

import pandas as pd
import pytest

from engine.facts.signals import security_records
from engine.signal_flags import SignalFact, signal_flags
from evaluator.models import Criterion
from evaluator.results.service import evaluation_results
from tests import factories
from tests.evaluator.factories import EvaluationFactory
from tests.vendors.signals.helpers import DATA, gatekeep
from vendors.signals import services

TODAY = datetime.date(2026, 11, 20)


def test_the_flag_names_the_facts():
    signals = [
        SignalFact(
            "exploited_vulnerability",
            "critical",
            "A",
            datetime.date(2026, 3, 1),
            True,
            "access-control firmware",
        ),
        SignalFact(
            "exploited_vulnerability",
            "high",
            "B",
            datetime.date(2026, 5, 1),
            False,
            "access-control firmware",
        ),
        SignalFact(
            "exploited_vulnerability",
            "high",
            "C",
            datetime.date(2026, 9, 1),
            False,
            "access-control firmware",
        ),
        SignalFact("exploited_vulnerability", "high", "Too old", datetime.date(2025, 1, 1), False, "other"),
        SignalFact("breach", "high", "Portal breached", datetime.date(2026, 10, 2)),
    ]
    flags = signal_flags(signals, TODAY)
    assert [flag.fact for flag in flags] == [
        "3 known exploited vulnerabilities in its access-control firmware added since 2025-11-20, "
        "one used by ransomware.",
        "2026-10-02: Portal breached (high).",
    ]


def test_the_security_record_weights_severity_and_ransomware_per_family():
    # The worked example of docs/scoring.md: 1 critical with ransomware (2.0) + 2 high (0.75 each)
    # over 2 families = 1.75.
    signals = pd.DataFrame(
        [
            (1, "exploited_vulnerability", "critical", pd.Timestamp("2026-03-01"), True, "firmware", "new"),
            (
                1,
                "exploited_vulnerability",
                "high",
                pd.Timestamp("2026-05-01"),
                False,
                "firmware",
                "confirmed",
            ),
            (1, "exploited_vulnerability", "high", pd.Timestamp("2025-06-01"), False, "console", "new"),
            (1, "exploited_vulnerability", "high", pd.Timestamp("2026-06-01"), False, "console", "dismissed"),
            (1, "vulnerability", "critical", pd.Timestamp("2026-06-01"), False, "console", "new"),
            (1, "exploited_vulnerability", "high", pd.Timestamp("2024-06-01"), False, "console", "new"),
        ],
        columns=["vendor_id", "kind", "severity", "occurred_on", "ransomware", "family", "status"],
    )
    families = pd.DataFrame([(1, "Firmware"), (1, "console")], columns=["vendor_id", "family"])
    record = security_records(signals, families, [1, 2], TODAY)
    assert record.loc[1, "product_security_record"] == pytest.approx((2.0 + 0.75 + 0.75) / 2)
    assert (
        record.loc[1, "kev_count"],
        record.loc[1, "kev_ransomware"],
        record.loc[1, "product_families"],
    ) == (3, 1, 2)
    assert record.loc[2, "product_security_record"] == 0.0


@pytest.mark.django_db
def test_the_criterion_changes_the_ranking_and_the_scorecard_flags_it(risk_leader):
    exposed = gatekeep()  # two exploited vulnerabilities in the test catalog, one used by ransomware
    clean = factories.VendorFactory(name="Clean Co", slug="clean-co")
    evaluation = EvaluationFactory(owner=risk_leader, candidates=[exposed, clean], as_of_date=TODAY)
    Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record", weight=10
    )
    factories.RoadmapItemFactory(
        vendor=exposed,
        first_promised_date=datetime.date(2026, 1, 1),
        target_date=datetime.date(2026, 1, 1),
        status="delivered",
        delivered_as="ga",
        delivered_date=datetime.date(2025, 12, 1),
    )
    # Clean Co delivered late: a worse delivery record (with nothing due it would have none, and
    # count at the worst observed value: a tie, docs/scoring.md §1.1).
    factories.RoadmapItemFactory(
        vendor=clean,
        first_promised_date=datetime.date(2026, 1, 1),
        target_date=datetime.date(2026, 1, 1),
        status="delivered",
        delivered_as="ga",
        delivered_date=datetime.date(2026, 4, 1),
    )
    services.import_file("kev", DATA / "kev.json")
    before = evaluation_results(evaluation, cached=False)
    assert before.ranking[0]["name"] == "Gatekeep"
    Criterion.objects.create(
        evaluation=evaluation,
        name="Product security record",
        group="delivery_record",
        metric="product_security_record",
        direction="cost",
        weight=30,
    )
    after = evaluation_results(evaluation, cached=False)
    assert [row["name"] for row in after.ranking] == ["Clean Co", "Gatekeep"]
    assert after.metrics.loc[exposed.pk, "kev_count"] == 2
    flags = {flag.code: flag.fact for flag in after.scorecard(exposed.pk)["risk_flags"]}
    assert flags["exploited_vulnerabilities"] == (
        "2 known exploited vulnerabilities in its door firmware added since 2025-11-20, one used by ransomware."
    )
