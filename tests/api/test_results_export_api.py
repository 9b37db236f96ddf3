"""The results export through the API: the same files as the results page, JSON errors, formula-safe."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.test_dashboard import scored_evaluation


def api_export(user, evaluation, query):
    return token_client(user).get(f"/api/evaluations/{evaluation.pk}/export/?{query}")


@pytest.mark.parametrize("table", ["ranking", "contributions", "criteria", "inputs"])
def test_each_csv_table_is_the_file_the_results_page_downloads(risk_leader, table):
    evaluation = scored_evaluation(risk_leader, 3)
    query = f"format=csv&table={table}"
    response = api_export(risk_leader, evaluation, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith(f'-{table}.csv"')
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/export/?{query}")
    assert response.content == page.content


def test_the_xlsx_has_every_table_on_its_own_sheet(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    response = api_export(risk_leader, evaluation, "format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Ranking", "Contributions", "Criteria", "Inputs"]


def test_a_vendor_name_that_looks_like_a_formula_is_exported_as_text(risk_leader):
    evaluation = scored_evaluation(risk_leader, 2)
    vendor = evaluation.candidates.first()
    vendor.name = '=HYPERLINK("http://evil.example","x")'
    vendor.save()
    rows = list(
        csv.reader(io.StringIO(api_export(risk_leader, evaluation, "format=csv").content.decode("utf-8-sig")))
    )
    assert "'" + vendor.name in [row[2] for row in rows[1:]]


@pytest.mark.parametrize(
    ("query", "field"), [("format=pdf", "format"), ("format=csv&table=secrets", "table")]
)
def test_a_wrong_format_or_table_is_a_json_400_naming_it(risk_leader, query, field):
    response = api_export(risk_leader, scored_evaluation(risk_leader, 2), query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_no_ranking_yet_is_a_json_409_and_outsiders_get_404(risk_leader, executive):
    empty = EvaluationFactory(owner=risk_leader)
    response = api_export(risk_leader, empty, "format=xlsx")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("No ranking yet")
    assert api_export(executive, scored_evaluation(risk_leader, 2), "format=xlsx").status_code == 404
