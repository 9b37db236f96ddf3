"""The demo roadmap items: read one from a vendor file, and create it with its re-baselines.

An item is created through ``save()`` and re-baselined with ``rebaseline()``, as a user would,
so the re-baseline log (RoadmapChange) holds every move from the first promise to the target,
each dated about ten days before the date it missed.
"""

import datetime
from contextlib import contextmanager

from demo import load
from vendors.models import RoadmapChange, RoadmapItem

ITEM_KEYS = ("capability", "title", "commitment_kind", "first_promised_date", "status")
ITEM_OPTIONAL = (
    "delivered_as",
    "delivered_date",
    "rebaselines",
    "contract_coverage",
    "coverage_cost",
    "briefing",
)
CHOICES = ("commitment_kind", "status", "contract_coverage")


def _choice(row: dict, key: str, where: load.Where, default: str = "") -> str:
    if key not in row:
        return default
    return load.choice(row[key], RoadmapItem._meta.get_field(key), where / key)


def parse_item(row, where: load.Where, briefing_dates: set) -> dict:
    """One roadmap item of a vendor file, checked; ``briefing`` must be one of the vendor's briefings."""
    load.record(row, where, ITEM_KEYS, ITEM_OPTIONAL)
    item = {
        key: _choice(row, key, where, "included" if key == "contract_coverage" else "") for key in CHOICES
    }
    delivered = item["status"] == "delivered"
    if delivered != ("delivered_as" in row) or delivered != ("delivered_date" in row):
        where.fail("a delivered item, and only a delivered one, has delivered_as and delivered_date")
    briefing = load.date(row.get("briefing"), where / "briefing", null=True)
    if briefing is not None:
        load.code(briefing.isoformat(), {day.isoformat() for day in briefing_dates}, where / "briefing")
    return item | {
        "capability": load.of_type(row["capability"], str, where / "capability"),
        "title": load.of_type(row["title"], str, where / "title"),
        "first_promised_date": load.date(row["first_promised_date"], where / "first_promised_date"),
        "delivered_as": _choice(row, "delivered_as", where),
        "delivered_date": load.date(row.get("delivered_date"), where / "delivered_date", null=True),
        "rebaselines": [
            _move(move, at) for move, at in load.items(row.get("rebaselines", []), where / "rebaselines")
        ],
        "coverage_cost": load.number(row.get("coverage_cost"), where / "coverage_cost", null=True),
        "briefing": briefing,
    }


def _move(row, where: load.Where) -> tuple[datetime.date, str]:
    load.record(row, where, ("new_date", "reason"))
    if not load.of_type(row["reason"], str, where / "reason").strip():
        (where / "reason").fail("say why the date moved")
    return load.date(row["new_date"], where / "new_date"), row["reason"]


@contextmanager
def _changes_recorded_on(day: datetime.date):
    """Date the re-baseline log entries written inside the block on ``day``.

    RoadmapItem.save() writes the log entry with ``changed_at=timezone.now``
    and rebaseline() takes no date, so without this the demo history would say
    that every slip was recorded the moment the demo was seeded.
    """
    field = RoadmapChange._meta.get_field("changed_at")
    saved = field.default
    when = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)
    field.default = lambda: when
    field.__dict__.pop("_get_default", None)  # a cached_property on Field
    try:
        yield
    finally:
        field.default = saved
        field.__dict__.pop("_get_default", None)


def create_item(vendor, spec: dict, context: dict) -> None:
    """Create one roadmap item through save(), re-baselining it as the vendor did.

    ``context``: currency, capabilities by slug, briefings by date, the user who re-baselines,
    the default source per commitment kind and the demo day.
    """
    promised = spec["first_promised_date"]
    briefing = context["briefings"][spec["briefing"]] if spec["briefing"] is not None else None
    item = RoadmapItem(
        vendor=vendor,
        capability=context["capabilities"][spec["capability"]],
        title=spec["title"],
        commitment_kind=spec["commitment_kind"],
        first_promised_date=promised,
        target_date=promised,
        contract_coverage=spec["contract_coverage"],
        coverage_cost=spec["coverage_cost"],
        currency=context["currency"],
        source=f"Briefing of {briefing.date:%d %B %Y}"
        if briefing
        else context["sources"][spec["commitment_kind"]],
        briefing=briefing,
    )
    moves = spec["rebaselines"]
    if moves:
        item.status = "in_progress"
        item.save()
    old = promised
    for n, (new_date, reason) in enumerate(moves):
        # A slip is usually announced about ten days before the date it misses.
        recorded = min(old - datetime.timedelta(days=10), context["today"])
        item.rebaseline(new_date, reason, context["user"])
        if n == len(moves) - 1:
            _finish(item, spec)
        with _changes_recorded_on(recorded):
            item.save()
        old = new_date
    if not moves:
        _finish(item, spec)
        item.save()


def _finish(item: RoadmapItem, spec: dict) -> None:
    item.status = spec["status"]
    if spec["delivered_as"]:
        item.delivered_as = spec["delivered_as"]
        item.delivered_date = spec["delivered_date"]
