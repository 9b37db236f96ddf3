"""An evaluation's results as spreadsheet tables: ranking, contributions, criteria and inputs.

``result_tables`` turns an evaluation's results (service.py) into plain rows; the writers
turn the tables into CSV or .xlsx bytes. Every cell goes through ``neutralise_cell``, so a vendor
or criterion name that starts with ``=``, ``+``, ``-`` or ``@`` is never run as a formula;
numbers stay numbers (a negative trend is a number, not text), and a missing value is an empty cell.
Shares stay fractions (0.25 is 25 %); the workbook shows every number in the pages' format
(``common.numbers``: "25.0 %", "0.932", "12,500,000" beside a Currency column, "+1.2 pp/yr")
through Excel number formats, so the cells stay numbers.
"""

import csv
import io
import math
from dataclasses import dataclass

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from common.cells import neutralise_cell
from common.downloads import CSV_TYPE, XLSX_TYPE
from evaluator.results.presentation import DEFAULT_CURRENCY, FACTS, criterion_kind
from evaluator.results.service import Results, evaluation_results
from evaluator.stakeholders.record import export_tables

TABLES = ("ranking", "contributions", "criteria", "inputs", "decided")
# The stakeholder groups' tables (issue 18), by their sheet names with a hyphen: CSV only when
# the evaluation has groups.
STAKEHOLDER_TABLES = ("stakeholder-weights", "stakeholder-rankings")
# "decided": the ranking as recorded in the decision snapshot (decided evaluations only).
FORMATS = ("csv", "xlsx")


# Excel number formats of the presentation kinds: the workbook reads like the pages.
EXCEL_FORMATS = {
    "percent": "0.0 %",
    "score": "0.000",
    "money": "#,##0",
    "signed": '+0.0 "pp/yr";-0.0 "pp/yr";0.0 "pp/yr"',
    "count": "0",
    "number": "0",
    "decimal": "0.00",
}


@dataclass(frozen=True)
class ResultTable:
    name: str
    header: list[str]
    rows: list[list]
    # Per row, each cell's presentation kind ("percent", "money", …) or None; empty: none.
    kinds: list[list] | None = None


def _column_kinds(table_kinds: list, rows: list) -> list[list]:
    return [list(table_kinds) for _ in rows]


def _plain(value):
    """numpy scalars to Python, NaN/NaT to None, booleans as yes/no."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and math.isnan(value):
        return None
    if value != value:  # NaT
        return None
    return value


def decided_table(rows: list[dict]) -> ResultTable:
    """The ranking as recorded when the evaluation was decided (rows of ``decisions.recorded``)."""
    return ResultTable(
        "decided",
        ["Rank", "Tied", "Vendor", "Total", "Chance of ranking first"],
        kinds=_column_kinds([None, None, None, "score", "percent"], rows),
        rows=[
            [
                neutralise_cell(_plain(value))
                for value in (
                    row.get("rank"),
                    row.get("tied"),
                    row.get("name"),
                    row.get("total"),
                    row.get("p_first"),
                )
            ]
            for row in rows
        ],
    )


# (heading, key of the row): the columns of the ranking, contribution and criteria tables.
RANKING_COLUMNS = [
    ("Rank", "rank"),
    ("Tied", "tied"),
    ("Vendor", "name"),
    ("Total", "total"),
    ("Chance of ranking first", "p_first"),
]
RANKING_KINDS = [None, None, None, "score", "percent"]
CONTRIBUTION_COLUMNS = [
    ("Effective weight", "effective_weight"),
    ("Value", "value"),
    ("Missing", "missing"),
    ("Value used", "used"),
    ("Normalised", "normalised"),
    ("Contribution", "contribution"),
]
CRITERIA_COLUMNS = [("Criterion", "name"), ("Group", "group"), ("Direction", "direction"), ("Source", "source"),
                    ("Metric", "metric"), ("Weight", "weight"), ("Effective weight", "effective_weight"),
                    ("Excluded", "excluded")]  # fmt: skip
CRITERIA_KINDS = [None, None, None, None, None, "decimal", "percent", None]


def _headings(columns) -> list[str]:
    return [heading for heading, _ in columns]


def _values(row, columns) -> list:
    return [row[key] for _, key in columns]


def result_tables(results: Results) -> list[ResultTable]:
    """The four tables of the export, vendors in rank order, criteria in display order.

    The ranking and the contributions are the results page's rows (``Results.ranking``); the
    facts stay fractions, as computed (0.25 is 25 %).
    """
    ranking_rows = results.ranking
    criteria = results.table.criteria
    tables = [
        ResultTable(
            "ranking",
            _headings(RANKING_COLUMNS),
            [_values(row, RANKING_COLUMNS) for row in ranking_rows],
            _column_kinds(RANKING_KINDS, ranking_rows),
        ),
        ResultTable(
            "contributions",
            ["Vendor", "Criterion", *_headings(CONTRIBUTION_COLUMNS)],
            [
                [row["name"], cell["criterion_name"], *_values(cell, CONTRIBUTION_COLUMNS)]
                for row in ranking_rows
                for cell in row["contributions"]
            ],
            [
                [None, None, "percent", kind, None, kind, "decimal", "score"]
                for row in ranking_rows
                for cell in row["contributions"]
                for kind in [criterion_kind(criteria.loc[cell["criterion"]])]
            ],
        ),
        ResultTable(
            "criteria",
            _headings(CRITERIA_COLUMNS),
            [_values(row, CRITERIA_COLUMNS) for _, row in criteria.iterrows()],
            _column_kinds(CRITERIA_KINDS, list(criteria.index)),
        ),
        _inputs_table(results),
    ]
    return [
        ResultTable(
            t.name, t.header, [[neutralise_cell(_plain(value)) for value in row] for row in t.rows], t.kinds
        )
        for t in tables
    ]


def _inputs_table(results: Results) -> ResultTable:
    """The facts behind the metrics, one row per vendor in rank order; money in the Currency column's."""
    metrics = results.metrics
    vendors = results.table.vendors.sort_values("position")
    kinds = [None, *[kind for _, _, kind in FACTS], None]
    return ResultTable(
        "inputs",
        [
            "Vendor",
            *[heading + (" (pp/yr)" if kind == "signed" else "") for _, heading, kind in FACTS],
            "Currency",
        ],
        [
            [
                vendors.loc[vid, "name"],
                *[metrics.loc[vid, column] for column, _, _ in FACTS],
                results.currencies.get(vid, DEFAULT_CURRENCY),
            ]
            for vid in vendors.index
        ],
        _column_kinds(kinds, list(vendors.index)),
    )


def write_csv(result: ResultTable) -> bytes:
    """One table as UTF-8 CSV with a byte-order mark, so that Excel opens accents correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise_cell(value) for value in result.header])
    writer.writerows(result.rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(tables: list[ResultTable]) -> bytes:
    """Every table on its own sheet, header in bold, frozen under the header."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for result in tables:
        sheet = workbook.create_sheet(result.name.capitalize())
        sheet.append([neutralise_cell(value) for value in result.header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for number, row in enumerate(result.rows):
            sheet.append(row)
            kinds = result.kinds[number] if result.kinds else []
            for cell, kind in zip(sheet[sheet.max_row], kinds, strict=False):
                if kind in EXCEL_FORMATS and isinstance(cell.value, int | float):
                    cell.number_format = EXCEL_FORMATS[kind]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def stakeholder_sheets(evaluation, results: Results) -> list[ResultTable]:
    """The stakeholder groups' weights and rankings (evaluator/stakeholders/record.py): sheets of the
    workbook, or ``table=stakeholder-weights|stakeholder-rankings`` as CSV."""
    return [
        ResultTable(name, header, [[neutralise_cell(_plain(value)) for value in row] for row in rows])
        for name, header, rows in export_tables(evaluation, results)
    ]


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


class ExportRefused(Exception):
    """A request the export cannot answer: which parameter (None: the evaluation), why, and the status."""

    def __init__(self, parameter: str | None, message: str, status: int):
        super().__init__(message)
        self.parameter, self.message, self.status = parameter, message, status


def export_file(evaluation, fmt: str, table: str) -> ExportFile:
    """The results download of the results page and of the API: one CSV table or every table as .xlsx.

    Same queries as the results page (the nine of ``selectors.scoring_inputs``, then the cached
    scoring). ``ExportRefused`` for an unknown format or table (400) or no ranking yet (409).
    """
    if fmt not in FORMATS:
        raise ExportRefused("format", f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.", 400)
    if fmt == "csv" and table not in TABLES + STAKEHOLDER_TABLES:
        known = ", ".join(TABLES + STAKEHOLDER_TABLES)
        raise ExportRefused("table", f"Unknown table {table!r}: use one of {known}.", 400)
    results = evaluation_results(evaluation)
    decided = results.decided
    if table == "decided" and fmt == "csv" and not decided:
        raise ExportRefused("table", "This evaluation is not decided: there is no recorded ranking yet.", 409)
    if not results.ranked:
        raise ExportRefused(None, f"No ranking yet: {results.table.problem}", 409)
    tables = result_tables(results)
    if fmt == "xlsx" or table in STAKEHOLDER_TABLES:
        tables += stakeholder_sheets(evaluation, results)
    if decided:
        # The record first: what was decided, then today's tables (the facts may have moved on).
        tables.insert(0, decided_table(decided))
    stem = slugify(evaluation.name) or f"evaluation-{evaluation.pk}"
    if fmt == "csv":
        chosen = next((t for t in tables if t.name.replace(" ", "-") == table), None)
        if chosen is None:
            raise ExportRefused(
                "table", "This evaluation has no stakeholder groups: there is no such table.", 409
            )
        return ExportFile(write_csv(chosen), f"{stem}-{table}.csv", CSV_TYPE)
    return ExportFile(write_xlsx(tables), f"{stem}-results.xlsx", XLSX_TYPE)
