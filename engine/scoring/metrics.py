"""Derived metrics per vendor and evaluation (docs/scoring.md section 3).

Pure pandas, no Django import. Every function takes the frames of ``vendors.selectors`` (and the
evaluation's own frames built by ``evaluator.results.selectors``) and returns one value per candidate,
indexed by ``vendor_id``; NaN means "missing" and is resolved by the score table's explicit rule,
never here and never as zero.
"""

from __future__ import annotations

import collections
import datetime
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from engine import facts as vendor_facts
from engine.facts.signals import FAMILY_COLUMNS, SECURITY_RECORD_FIELDS, security_records

# A capability claim counts in full only once checked: the weakest evidence keeps 60 % of it.
EVIDENCE_FACTOR = {
    "self_asserted": 0.6,
    "documented": 0.8,
    "demonstrated": 0.9,
    "verified": 1.0,
    "contractual": 1.0,
}
# How far a roadmap promise binds the vendor: a sales promise is worth less than a contract clause.
COMMITMENT_FACTOR = {
    "contractual": 1.0,
    "public_roadmap": 0.8,
    "nda_briefing": 0.7,
    "sales_promise": 0.4,
}
MAX_MATURITY = 5
SHALLOW_MATURITY = 2
# Pace is read over the last two years of assessments and deliveries.
PACE_WINDOW_DAYS = 730
OPEN_STATUSES = vendor_facts.OPEN_STATUSES
INCLUDED = "included"

METRIC_KEYS = (
    "depth_index",
    "shallow_breadth_share",
    "pace_evenness",
    "delivery_record",
    "credible_roadmap",
    "contract_included_share",
    "items_after_contract",
    "rd_intensity",
    "rd_trend",
    "rd_organic_share",
    "cost_to_realise",
    "annual_contract_value",
    "product_security_record",
)
CONTRACT_COLUMNS = ["vendor_id", "start_date", "end_date", "annual_value", "currency"]


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, errors="coerce").astype("datetime64[ns]")


def current_maturity(assessments: pd.DataFrame, as_of: datetime.date) -> pd.DataFrame:
    """The latest assessment of each vendor × capability on or before ``as_of``."""
    dated = assessments.assign(assessed_on=_dates(assessments["assessed_on"]))
    dated = dated[dated["assessed_on"] <= pd.Timestamp(as_of)]
    dated = dated.sort_values(["vendor_id", "capability_id", "assessed_on"], kind="stable")
    return dated.drop_duplicates(["vendor_id", "capability_id"], keep="last")


def _required_grid(vendor_ids: list[int], required: pd.DataFrame) -> pd.DataFrame:
    """Every candidate × required capability, with its importance (candidates first, then capabilities)."""
    capabilities = pd.Index(list(required["capability_id"]))
    importance = required["importance"]
    if capabilities.is_unique and isinstance(importance.dtype, np.dtype):
        # The product laid out directly (what the general case below builds with a MultiIndex and a
        # merge, three times per scoring): each candidate's rows, in the requirements' order.
        vendors = pd.Index(list(vendor_ids))
        return pd.DataFrame(
            {
                "vendor_id": vendors.repeat(len(capabilities)),
                "capability_id": np.tile(capabilities.to_numpy(), len(vendors)),
                "importance": np.tile(importance.to_numpy(), len(vendors)),
            }
        )
    grid = pd.MultiIndex.from_product(
        [list(vendor_ids), list(required["capability_id"])], names=["vendor_id", "capability_id"]
    ).to_frame(index=False)
    return grid.merge(required[["capability_id", "importance"]], on="capability_id", how="left")


def depth_index(current: pd.DataFrame, required: pd.DataFrame, vendor_ids: list[int]) -> pd.Series:
    """Importance-weighted mean of maturity/5 × evidence factor over the required capabilities.

    A required capability the vendor has no assessment for counts as maturity 0. In [0, 1];
    NaN for everyone when the evaluation requires no capability.
    """
    if required.empty:
        return pd.Series(np.nan, index=pd.Index(vendor_ids, name="vendor_id"), dtype="float64")
    grid = _required_grid(vendor_ids, required)
    # The current maturity and evidence factor of each grid pair by lookup (as a left merge on the
    # pair reads them: current holds each pair once); missing ones count 0.
    keys = list(zip(grid["vendor_id"].tolist(), grid["capability_id"].tolist(), strict=True))
    graded = current.assign(evidence=current["evidence_grade"].map(EVIDENCE_FACTOR))
    evidence = _zero_if_missing(_by_pair(graded, "evidence", keys))
    maturity = _zero_if_missing(_by_pair(current, "maturity", keys))
    grid["weighted"] = maturity / MAX_MATURITY * evidence * grid["importance"].to_numpy()
    sums = grid.groupby("vendor_id", sort=False)[["weighted", "importance"]].sum()
    return (sums["weighted"] / sums["importance"]).reindex(vendor_ids).rename("depth_index")


def breadth(current: pd.DataFrame, vendor_ids: list[int]) -> pd.DataFrame:
    """Offered capabilities (maturity ≥ 1, any capability), shallow ones (1–2) and their share.

    Breadth is reported, never rewarded: only the shallow share is a criterion (a cost). A vendor
    offering nothing has no share (NaN).
    """
    offered = current[current["maturity"] >= 1]
    # Two counts summed per vendor by pandas' own groupby sum (a Python lambda per vendor cost more
    # than the rest of the metric): every offered row counts once, the shallow ones once more.
    flags = pd.DataFrame(
        {
            "vendor_id": offered["vendor_id"],
            "offered_capabilities": np.ones(len(offered), dtype="int64"),
            "shallow_capabilities": (offered["maturity"] <= SHALLOW_MATURITY).astype("int64"),
        }
    )
    counts = flags.groupby("vendor_id").sum().reindex(vendor_ids).fillna(0).astype("int64")
    share = (counts["shallow_capabilities"] / counts["offered_capabilities"]).where(
        counts["offered_capabilities"] > 0
    )
    return counts.assign(shallow_breadth_share=share.astype("float64"))


def gini(values: npt.ArrayLike) -> float:
    """Gini coefficient of non-negative values (0 = all equal); NaN when they are all zero."""
    x = np.asarray(values, dtype="float64")
    if x.size == 0 or x.sum() <= 0:
        return float("nan")
    # Mean absolute difference over all ordered pairs, divided by twice the mean.
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean()))


def horizon_items(roadmap: pd.DataFrame, required: pd.DataFrame, horizon: datetime.date) -> pd.DataFrame:
    """Open roadmap items on a required capability whose current target is on or before the horizon."""
    target = _dates(roadmap["target_date"])
    keep = (
        roadmap["status"].isin(OPEN_STATUSES)
        & roadmap["capability_id"].isin(required["capability_id"])
        & (target <= pd.Timestamp(horizon))
    )
    return roadmap[keep].assign(target_date=target[keep])


def pace_evenness(
    assessments: pd.DataFrame,
    roadmap: pd.DataFrame,
    required: pd.DataFrame,
    vendor_ids: list[int],
    today: datetime.date,
    horizon: datetime.date,
    current: pd.DataFrame | None = None,
    due: pd.DataFrame | None = None,
) -> pd.Series:
    """1 − Gini of the progress per required capability.

    Progress on a capability = maturity gained over the pace window (never negative) + roadmap
    items on it delivered within the window + open items due by the horizon. The gain is measured
    from the latest assessment on or before the window start, or else from the first assessment
    inside the window. No progress anywhere gives NaN (missing): nothing moves, so there is no pace.
    ``current`` and ``due``: ``current_maturity(assessments, today)`` and ``horizon_items(roadmap,
    required, horizon)`` when the caller has them already.
    """
    index = pd.Index(vendor_ids, name="vendor_id")
    if required.empty:
        return pd.Series(np.nan, index=index, dtype="float64", name="pace_evenness")
    start = today - datetime.timedelta(days=PACE_WINDOW_DAYS)
    now = (current if current is not None else current_maturity(assessments, today))[
        ["vendor_id", "capability_id", "maturity"]
    ]
    before = current_maturity(assessments, start)[["vendor_id", "capability_id", "maturity"]]
    dated = assessments.assign(assessed_on=_dates(assessments["assessed_on"]))
    inside = dated[
        (dated["assessed_on"] > pd.Timestamp(start)) & (dated["assessed_on"] <= pd.Timestamp(today))
    ]
    first_inside = inside.sort_values("assessed_on", kind="stable").drop_duplicates(
        ["vendor_id", "capability_id"], keep="first"
    )[["vendor_id", "capability_id", "maturity"]]
    base = pd.concat([before, first_inside]).drop_duplicates(["vendor_id", "capability_id"], keep="first")

    grid = _required_grid(vendor_ids, required)
    # Each grid row's values looked up by (vendor, capability) in plain dicts: what left merges on
    # the two keys give (now and base hold each pair once), without three merges' fixed costs.
    keys = list(zip(grid["vendor_id"].tolist(), grid["capability_id"].tolist(), strict=True))
    gain = _by_pair(now, "maturity", keys) - _by_pair(base, "maturity", keys)
    gain = _zero_if_missing(gain)
    gain = np.where(gain >= 0, gain, 0.0)  # clip(lower=0)

    delivered = _dates(roadmap["delivered_date"])
    landed = roadmap[
        roadmap["status"].eq("delivered")
        & (delivered > pd.Timestamp(start))
        & (delivered <= pd.Timestamp(today))
    ]
    due = due if due is not None else horizon_items(roadmap, required, horizon)
    item_counts = collections.Counter(
        zip(
            [*landed["vendor_id"].tolist(), *due["vendor_id"].tolist()],
            [*landed["capability_id"].tolist(), *due["capability_id"].tolist()],
            strict=True,
        )
    )
    progress = gain + np.array([float(item_counts.get(key, 0)) for key in keys], dtype="float64")
    evenness = pd.Series(
        [1.0 - gini(values) for values in _groups(grid["vendor_id"], progress)],
        index=pd.unique(grid["vendor_id"]),
        dtype="float64",
    )
    return evenness.reindex(index).astype("float64").rename("pace_evenness")


def _by_pair(frame: pd.DataFrame, column: str, keys: list[tuple[Any, Any]]) -> npt.NDArray[np.float64]:
    """``frame[column]`` for each (vendor_id, capability_id) of ``keys``, NaN where ``frame`` has none.

    ``frame`` holds each pair at most once (as a left merge on the pair would read it).
    """
    values = dict(
        zip(
            zip(frame["vendor_id"].tolist(), frame["capability_id"].tolist(), strict=True),
            frame[column].tolist(),
            strict=True,
        )
    )
    return np.array([values.get(key, np.nan) for key in keys], dtype="float64")


def _zero_if_missing(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """NaN as 0.0, everything else as it is (``fillna(0)``)."""
    return np.where(np.isnan(values), 0.0, values)


def _groups(keys: pd.Series, values: npt.NDArray[np.float64]) -> list[npt.NDArray[np.float64]]:
    """``values`` split by ``keys``, groups in the order their key first appears, each in row order.

    What ``groupby(keys, sort=False)`` hands a Python aggregate, without building a Series per
    group (for 50 vendors the lambda's Series cost more than the rest of the metric).
    """
    codes, _ = pd.factorize(keys)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(codes.max() + 2 if len(codes) else 1))
    return [values[order[start:end]] for start, end in zip(bounds[:-1], bounds[1:], strict=True)]


def delivery(roadmap: pd.DataFrame, vendor_ids: list[int], today: datetime.date) -> pd.DataFrame:
    """``engine.facts.delivery_records`` for ``vendor_ids``; counts 0 for vendors without items.

    A vendor with nothing due has no record yet: its score and rates stay NaN (missing), so the
    score table's missing-data rule applies to it, never the smoothing prior.
    """
    records = vendor_facts.delivery_records(roadmap, today).reindex(vendor_ids)
    for column in ("items_due", "silent_drops", "overdue_open"):
        records[column] = records[column].fillna(0).astype("int64")
    records["delivered_on_time"] = records["delivered_on_time"].fillna(0.0)
    return records


def roadmap_and_contract(
    roadmap: pd.DataFrame,
    contracts: pd.DataFrame,
    required: pd.DataFrame,
    delivery_score: pd.Series,
    vendor_ids: list[int],
    horizon: datetime.date,
    items: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Credibility-discounted roadmap and contract coverage of the items due by the horizon.

    ``credible_roadmap`` = delivery score × Σ importance × best commitment factor of the items on
    each required capability / Σ importance (0 with no items). ``contract_included_share`` = items
    included under current terms / items; ``cost_to_realise`` = the known extra cost of the items
    not included (unpriced ones counted in ``unpriced_items``); ``items_after_contract`` = share of
    the items whose target lands after the end of the vendor's latest contract. Shares are NaN
    without items, contract figures NaN without a contract. ``items``: ``horizon_items(roadmap,
    required, horizon)`` when the caller has them already.
    """
    index = pd.Index(vendor_ids, name="vendor_id")
    items = items if items is not None else horizon_items(roadmap, required, horizon)
    out = pd.DataFrame(index=index)
    out["horizon_items"] = _count(items, index)
    _add_credible_roadmap(out, items, required, delivery_score, vendor_ids)
    _add_contract_coverage(out, items)
    _add_contract_timing(out, items, contracts)
    return out


def _count(items: pd.DataFrame, index: pd.Index) -> pd.Series:
    """How many of ``items`` each vendor of ``index`` has (0 for none)."""
    if not index.is_unique:
        return items.groupby("vendor_id").size().reindex(index).fillna(0).astype("int64")
    # Counted with numpy (five counts per scoring: a groupby each cost more than the rest).
    positions = index.get_indexer(pd.Index(items["vendor_id"]))
    counts = np.bincount(positions[positions >= 0], minlength=len(index))
    return pd.Series(counts.astype("int64"), index=index)


def _add_credible_roadmap(
    out: pd.DataFrame,
    items: pd.DataFrame,
    required: pd.DataFrame,
    delivery_score: pd.Series,
    vendor_ids: list[int],
) -> None:
    """``roadmap_value`` and ``credible_roadmap`` (the value times the delivery score).

    The value is the importance-weighted mean, over the required capabilities, of the best
    commitment factor among the items on each. Without requirements: ``credible_roadmap`` NaN alone.
    """
    if required.empty:
        out["credible_roadmap"] = np.nan
        return
    factor = items.assign(factor=items["commitment_kind"].map(COMMITMENT_FACTOR).fillna(0.0))
    best = factor.groupby(["vendor_id", "capability_id"])["factor"].max().rename("factor")
    grid = _required_grid(vendor_ids, required).merge(
        best, how="left", left_on=["vendor_id", "capability_id"], right_index=True
    )
    grid["weighted"] = grid["factor"].fillna(0.0) * grid["importance"]
    sums = grid.groupby("vendor_id", sort=False)[["weighted", "importance"]].sum()
    value = (sums["weighted"] / sums["importance"]).reindex(out.index)
    out["roadmap_value"] = value
    out["credible_roadmap"] = value * delivery_score.reindex(out.index)


def _add_contract_coverage(out: pd.DataFrame, items: pd.DataFrame) -> None:
    """Items included under current terms, their share, and the known and unknown cost of the rest."""
    index = out.index
    included = items["contract_coverage"].eq(INCLUDED)
    not_included = items[~included]
    out["included_items"] = _count(items[included], index)
    out["contract_included_share"] = (out["included_items"] / out["horizon_items"]).where(
        out["horizon_items"] > 0
    )
    out["cost_to_realise"] = (
        not_included.groupby("vendor_id")["coverage_cost"].sum(min_count=1).reindex(index).fillna(0.0)
    )
    out["unpriced_items"] = _count(not_included[not_included["coverage_cost"].isna()], index)


def _add_contract_timing(out: pd.DataFrame, items: pd.DataFrame, contracts: pd.DataFrame) -> None:
    """The latest contract's end and annual value, and the items targeted after that end."""
    latest = (
        contracts.assign(end_date=_dates(contracts["end_date"]))
        .sort_values(["vendor_id", "end_date"], kind="stable")
        .drop_duplicates("vendor_id", keep="last")
        .set_index("vendor_id")
        .reindex(out.index)
    )
    out["contract_end"] = latest["end_date"]
    out["annual_contract_value"] = latest["annual_value"].astype("float64")
    late = items[items["target_date"] > items["vendor_id"].map(out["contract_end"])]
    out["items_after_contract_count"] = _count(late, out.index)
    share = out["items_after_contract_count"] / out["horizon_items"]
    out["items_after_contract"] = share.where((out["horizon_items"] > 0) & out["contract_end"].notna())


def research(financials: pd.DataFrame, funding: pd.DataFrame, vendor_ids: list[int]) -> pd.DataFrame:
    """R&D intensity, its trend (points per year) and organic share from ``engine.facts.rd_profiles``."""
    profiles = vendor_facts.rd_profiles(financials, funding).reindex(vendor_ids)
    return pd.DataFrame(
        {
            "rd_intensity": profiles["latest_intensity"].astype("float64"),
            "rd_trend": profiles["intensity_trend"].astype("float64"),
            "rd_organic_share": profiles["organic_share"].astype("float64"),
        },
        index=pd.Index(vendor_ids, name="vendor_id"),
    )


def vendor_metrics(
    *,
    vendor_ids: Iterable[int],
    required: pd.DataFrame,
    assessments: pd.DataFrame,
    roadmap: pd.DataFrame,
    contracts: pd.DataFrame,
    financials: pd.DataFrame,
    funding: pd.DataFrame,
    today: datetime.date,
    horizon: datetime.date,
    signals: pd.DataFrame | None = None,
    product_families: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every derived metric (``METRIC_KEYS``) plus the facts behind them, one row per candidate.

    ``assessments`` is the full history (``assessment_frame(latest_only=False)``), ``required``
    has ``capability_id`` and ``importance``, ``contracts`` the columns ``CONTRACT_COLUMNS``.
    ``signals`` (``SIGNAL_COLUMNS``) and ``product_families`` (``FAMILY_COLUMNS``) feed the product
    security record; without them (no criterion reads it) its columns are NaN. Rows follow ``vendor_ids``; NaN marks a missing value.
    """
    vendor_ids = list(vendor_ids)
    if not vendor_ids:
        return pd.DataFrame(columns=list(METRIC_KEYS), index=pd.Index([], name="vendor_id"), dtype="float64")
    current = current_maturity(assessments, today)
    records = delivery(roadmap, vendor_ids, today)
    frame = pd.DataFrame(index=pd.Index(vendor_ids, name="vendor_id"))
    frame["depth_index"] = depth_index(current, required, vendor_ids)
    frame = frame.join(breadth(current, vendor_ids))
    due = horizon_items(roadmap, required, horizon)
    frame["pace_evenness"] = pace_evenness(
        assessments, roadmap, required, vendor_ids, today, horizon, current=current, due=due
    )
    frame["delivery_record"] = records["score"]
    for column in ("items_due", "on_time_rate", "median_slip_days", "rebaselines_per_item", "silent_drops"):
        frame[column] = records[column]
    # The roadmap's credibility discount: a vendor with no record yet is taken at the prior,
    # 0.5 ("no evidence either way"); its delivery record itself stays missing.
    credibility = records["score"].fillna(vendor_facts.PRIOR_ON_TIME)
    frame = frame.join(
        roadmap_and_contract(roadmap, contracts, required, credibility, vendor_ids, horizon, items=due)
    )
    frame = frame.join(research(financials, funding, vendor_ids))
    if signals is not None:
        families = product_families if product_families is not None else pd.DataFrame(columns=FAMILY_COLUMNS)
        frame = frame.join(security_records(signals, families, vendor_ids, today))
    else:
        for column in SECURITY_RECORD_FIELDS:
            frame[column] = np.nan
    return frame
