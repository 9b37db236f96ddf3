"""Result exports: ranking, contributions, criteria and inputs as CSV and .xlsx, formula-safe."""

import csv
import datetime
import io
import json

from openpyxl import load_workbook

from evaluator.decisions.service import decide
from evaluator.models import Criterion
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.test_dashboard import scored_evaluation


def export(client, evaluation, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return client.get(f"/evaluations/{evaluation.pk}/export/?{query}")


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_ranking_csv_lists_the_vendors_in_rank_order_with_their_totals(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    response = export(client_for(risk_leader), evaluation, format="csv", table="ranking")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-ranking.csv"')
    rows = read_csv(response)
    assert rows[0] == ["Rank", "Tied", "Vendor", "Total", "Chance of ranking first"]
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])
    assert {row[2] for row in rows[1:]} == {vendor.name for vendor in evaluation.candidates.all()}
    totals = [float(row[3]) for row in rows[1:]]
    assert totals == sorted(totals, reverse=True)


def test_the_contributions_of_each_vendor_add_up_to_its_total(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    client = client_for(risk_leader)
    totals = {row[2]: float(row[3]) for row in read_csv(export(client, evaluation, format="csv"))[1:]}
    rows = read_csv(export(client, evaluation, format="csv", table="contributions"))[1:]
    for name, total in totals.items():
        assert abs(sum(float(row[7]) for row in rows if row[0] == name) - total) < 1e-9


def test_the_workbook_has_every_table_on_its_own_sheet(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    response = export(client_for(risk_leader), evaluation, format="xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Ranking", "Contributions", "Criteria", "Inputs"]
    inputs = list(workbook["Inputs"].values)
    assert inputs[0][:3] == ("Vendor", "Depth index", "Capabilities offered")
    assert len(inputs) == 4
    # Numbers stay numbers in the workbook.
    assert isinstance(list(workbook["Ranking"].values)[1][3], int | float)


def test_names_that_look_like_formulas_are_neutralised_in_csv_and_xlsx(risk_leader):
    evaluation = scored_evaluation(risk_leader, 2)
    Criterion.objects.filter(evaluation=evaluation, name="Depth").update(name="=HYPERLINK(1)")
    vendor = evaluation.candidates.first()
    vendor.name = "@SUM(A1)"
    vendor.save()
    client = client_for(risk_leader)
    csv_rows = read_csv(export(client, evaluation, format="csv", table="contributions"))
    assert any(row[0] == "'@SUM(A1)" for row in csv_rows)
    assert any(row[1] == "'=HYPERLINK(1)" for row in csv_rows)
    workbook = load_workbook(io.BytesIO(export(client, evaluation, format="xlsx").content))
    cells = [value for row in workbook["Contributions"].values for value in row if isinstance(value, str)]
    assert "'@SUM(A1)" in cells and "'=HYPERLINK(1)" in cells
    assert not any(value.startswith(("=", "@")) for value in cells)


def test_a_wrong_format_or_table_is_refused_with_what_is_allowed(risk_leader):
    evaluation = scored_evaluation(risk_leader, 2)
    client = client_for(risk_leader)
    response = export(client, evaluation, format="pdf")
    assert response.status_code == 400 and "use one of csv, xlsx" in response.text
    response = export(client, evaluation, format="csv", table="secrets")
    assert (
        response.status_code == 400
        and "use one of ranking, contributions, criteria, inputs, decided" in response.text
    )


def test_an_evaluation_without_a_ranking_has_nothing_to_export(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader)
    response = export(client_for(risk_leader), evaluation, format="xlsx")
    assert response.status_code == 409 and "No ranking yet" in response.text


def test_someone_outside_the_evaluation_gets_404(risk_leader, executive):
    evaluation = scored_evaluation(risk_leader, 2)
    assert export(client_for(executive), evaluation, format="csv").status_code == 404


def test_the_results_page_links_the_downloads(risk_leader):
    evaluation = scored_evaluation(risk_leader, 2)
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/results/").text
    assert f"/evaluations/{evaluation.pk}/export/?format=xlsx" in page
    assert "format=csv&amp;table=contributions" in page


def test_a_decided_evaluation_exports_the_ranking_as_decided_beside_todays(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    client = client_for(risk_leader)
    assert export(client, evaluation, format="csv", table="decided").status_code == 409  # not decided yet
    snapshot = decide(evaluation, risk_leader)
    recorded = json.loads(snapshot.content)["results"]["ranking"]
    # The facts move on after the decision: the last candidate becomes the deepest.
    last = evaluation.candidates.get(name=recorded[-1]["name"])
    factories.AssessmentFactory(vendor=last, capability=factories.capability("siem"), maturity=5,
                                assessed_on=datetime.date(2026, 6, 1))  # fmt: skip

    decided = read_csv(export(client, evaluation, format="csv", table="decided"))
    assert decided[0] == ["Rank", "Tied", "Vendor", "Total", "Chance of ranking first"]
    assert [(row[2], float(row[3])) for row in decided[1:]] == [(r["name"], r["total"]) for r in recorded]
    workbook = load_workbook(io.BytesIO(export(client, evaluation, format="xlsx").content))
    assert workbook.sheetnames == ["Decided", "Ranking", "Contributions", "Criteria", "Inputs"]
    page = client.get(f"/evaluations/{evaluation.pk}/results/").content.decode()
    assert "table=decided" in page


def test_the_workbook_shows_numbers_in_the_pages_formats_and_keeps_them_numbers(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    workbook = load_workbook(io.BytesIO(export(client_for(risk_leader), evaluation, format="xlsx").content))
    ranking = workbook["Ranking"]
    total, chance = ranking.cell(row=2, column=4), ranking.cell(row=2, column=5)
    assert isinstance(total.value, int | float) and total.number_format == "0.000"
    assert isinstance(chance.value, int | float) and chance.number_format == "0.0 %"  # 0.988 reads 98.8 %
    inputs = workbook["Inputs"]
    header = [cell.value for cell in inputs[1]]
    intensity = inputs.cell(row=2, column=header.index("R&D intensity") + 1)
    assert intensity.number_format == "0.0 %"  # never 0.220 here and 22 % on the page
    assert inputs.cell(row=2, column=header.index("Cost to realise") + 1).number_format == "#,##0"
    assert header[-1] == "Currency" and inputs.cell(row=2, column=len(header)).value == "EUR"
    assert "R&D trend (pp/yr)" in header
    criteria = workbook["Criteria"]
    assert criteria.cell(row=2, column=7).number_format == "0.0 %"  # effective weight
