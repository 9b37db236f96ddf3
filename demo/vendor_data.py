"""Read and check the demo landscape: ``demo/data/landscape.json`` and ``demo/data/vendors/*.json``.

Every code in a vendor file is the stored value of a model choice (``public_roadmap``,
``verified``, ``tier_upgrade``), so the models are the one list of what is allowed; a roadmap
item names its briefing by date. :func:`vendors` returns plain dicts with dates and Decimals;
:func:`check_capabilities` checks the capability slugs against the taxonomy in the database.
"""

from django.db.models import Model

from demo import load
from demo.roadmap import parse_item
from vendors.models import (
    CapabilityAssessment,
    FinancialFact,
    FundingEvent,
    RoadmapItem,
    Vendor,
)

LANDSCAPE = "landscape.json"
VENDOR_KEYS = ("slug", "name", "website", "country", "founded", "headcount", "ownership", "status")
TEXT_KEYS = ("description", "currency")
SECTIONS = ("financials", "funding", "contracts", "briefings", "capabilities", "roadmap")
QUESTIONS = ("roadmap", "investment", "timeframe", "contract_terms")  # Briefing.covered_<question>


def _field(model: type[Model], name: str):
    return model._meta.get_field(name)


def landscape() -> dict:
    """The demo day, the assessment dates and the default source per commitment kind."""
    where = load.Where(LANDSCAPE)
    data = load.record(load.read(LANDSCAPE), where, ("today", "assessment_dates", "sources"))
    sources = load.of_type(data["sources"], dict, where / "sources")
    for kind in sources:
        load.choice(kind, _field(RoadmapItem, "commitment_kind"), where / "sources" / kind)
    return {
        "today": load.date(data["today"], where / "today"),
        "assessment_dates": [
            load.date(day, at) for day, at in load.items(data["assessment_dates"], where / "assessment_dates")
        ],
        "sources": sources,
    }


def vendors() -> list[dict]:
    """Every vendor file, checked, in file-name order (the order the vendors are created in)."""
    dates = landscape()["assessment_dates"]
    return [_vendor(load.read(name), load.Where(name), dates) for name in load.files("vendors")]


def _vendor(data, where: load.Where, dates: list) -> dict:
    load.record(data, where, VENDOR_KEYS + TEXT_KEYS + SECTIONS + ("unique_selling_points",), ("profile",))
    for key in ("ownership", "status"):
        load.choice(data[key], _field(Vendor, key), where / key)
    for key in ("founded", "headcount"):
        load.of_type(data[key], int, where / key, null=True)
    for key in ("slug", "name", "website", "country") + TEXT_KEYS:
        load.of_type(data[key], str, where / key)
    usps = [
        load.of_type(usp, str, at)
        for usp, at in load.items(data["unique_selling_points"], where / "unique_selling_points")
    ]
    briefings = [_briefing(row, at) for row, at in load.items(data["briefings"], where / "briefings")]
    load.unique(briefings, "date", where / "briefings")
    contracts = [_contract(row, at) for row, at in load.items(data["contracts"], where / "contracts")]
    load.unique(contracts, "reference", where / "contracts")
    briefing_dates = {briefing["date"] for briefing in briefings}
    roadmap = [
        parse_item(row, at, briefing_dates) for row, at in load.items(data["roadmap"], where / "roadmap")
    ]
    load.unique(roadmap, "title", where / "roadmap")
    return {
        **{key: data[key] for key in VENDOR_KEYS + TEXT_KEYS},
        "file": where.file,
        "unique_selling_points": "\n".join(usps),
        **_financials(data["financials"], where / "financials"),
        "funding": [_funding(row, at) for row, at in load.items(data["funding"], where / "funding")],
        "contracts": contracts,
        "briefings": briefings,
        "capabilities": _capabilities(data["capabilities"], where / "capabilities", len(dates)),
        "roadmap": roadmap,
    }


def _financials(data, where: load.Where) -> dict:
    load.record(data, where, ("confidence", "source", "years"))
    keys = ("fiscal_year", "revenue_millions", "rd_spend_millions", "rd_headcount")
    years = []
    for row, at in load.items(data["years"], where / "years"):
        load.record(row, at, keys)
        load.of_type(row["fiscal_year"], int, at / "fiscal_year")
        load.of_type(row["rd_headcount"], int, at / "rd_headcount", null=True)
        money = [load.number(row[key], at / key, null=True) for key in keys[1:3]]
        years.append(
            {
                "fiscal_year": row["fiscal_year"],
                "revenue": money[0],
                "rd_spend": money[1],
                "rd_headcount": row["rd_headcount"],
            }
        )
    load.unique(years, "fiscal_year", where / "years")
    return {
        "confidence": load.choice(
            data["confidence"], _field(FinancialFact, "confidence"), where / "confidence"
        ),
        "source": load.of_type(data["source"], str, where / "source"),
        "financials": years,
    }


def _funding(row, where: load.Where) -> dict:
    load.record(row, where, ("date", "kind", "amount_millions", "note"))
    return {
        "date": load.date(row["date"], where / "date"),
        "kind": load.choice(row["kind"], _field(FundingEvent, "kind"), where / "kind"),
        "amount": load.number(row["amount_millions"], where / "amount_millions", null=True),
        "note": load.of_type(row["note"], str, where / "note"),
    }


def _contract(row, where: load.Where) -> dict:
    texts = ("reference", "tier", "future_features_clause")
    load.record(row, where, texts + ("start_date", "end_date", "notice_period_days", "annual_value"))
    for key in texts:
        load.of_type(row[key], str, where / key)
    return {
        **{key: row[key] for key in texts},
        "start_date": load.date(row["start_date"], where / "start_date"),
        "end_date": load.date(row["end_date"], where / "end_date"),
        "notice_period_days": load.of_type(row["notice_period_days"], int, where / "notice_period_days"),
        "annual_value": load.number(row["annual_value"], where / "annual_value"),
    }


def _briefing(row, where: load.Where) -> dict:
    load.record(row, where, ("date", "covered", "attendees", "notes"))
    covered = {
        load.code(question, QUESTIONS, at) for question, at in load.items(row["covered"], where / "covered")
    }
    attendees = [
        load.of_type(name, str, at) for name, at in load.items(row["attendees"], where / "attendees")
    ]
    return {
        "date": load.date(row["date"], where / "date"),
        "attendees": "\n".join(attendees),
        "notes": load.of_type(row["notes"], str, where / "notes"),
        **{f"covered_{question}": question in covered for question in QUESTIONS},
    }


def _capabilities(data, where: load.Where, periods: int) -> dict:
    capabilities = {}
    for slug, row in load.of_type(data, dict, where).items():
        at = where / slug
        load.record(row, at, ("maturity", "delivery_model", "evidence_grade"))
        path = load.of_type(row["maturity"], list, at / "maturity")
        if len(path) != periods:
            (at / "maturity").fail(f"give {periods} levels, one per assessment date (null: not assessed)")
        for n, level in enumerate(path):
            if level is not None:
                load.code(load.of_type(level, int, at / "maturity" / n), range(6), at / "maturity" / n)
        capabilities[slug] = {
            "maturity": path,
            "delivery_model": load.choice(
                row["delivery_model"], _field(CapabilityAssessment, "delivery_model"), at / "delivery_model"
            ),
            "evidence_grade": load.choice(
                row["evidence_grade"], _field(CapabilityAssessment, "evidence_grade"), at / "evidence_grade"
            ),
        }
    return capabilities


def check_capabilities(specs: list[dict], known: set[str]) -> None:
    """Fail on the first capability slug, in a vendor's assessments or roadmap, not in ``known``."""
    for spec in specs:
        where = load.Where(spec["file"])
        for slug in spec["capabilities"]:
            load.code(slug, known, where / "capabilities" / slug)
        for n, item in enumerate(spec["roadmap"]):
            load.code(item["capability"], known, where / "roadmap" / n / "capability")
