"""Conditional questions: parsed safely, validated against earlier questions, and applied by the
entry page, the completeness rule, the score, the answers file and the API alike."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from evaluator.models import Answer, Question
from evaluator.questionnaires import conditions as c
from evaluator.questionnaires.forms import QuestionForm
from evaluator.responses import lifecycle as svc
from evaluator.responses.exporting import export_xlsx
from evaluator.responses.importing import import_answers
from evaluator.responses.selectors import question_rows, response_score
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import VendorFactory

# --- the expression language (no database) ---


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Q-01", "Q-01"),
        ('Q-01 = "Yes"', 'Q-01 = "Yes"'),
        ("Q-01 = yes && !Q-02", 'Q-01 = "yes" and not Q-02'),
        ("a || b && c", "a or (b and c)"),
        ("(a || b) && c", "(a or b) and c"),
        ("!(a && b)", "not (a and b)"),
        ('Q-03 has "A; B \\"quoted\\""', 'Q-03 has "A; B \\"quoted\\""'),
        ("A&A-01.1 and B", "A&A-01.1 and B"),
    ],
)
def test_a_condition_parses_and_renders_back_to_the_same_tree(text, canonical):
    tree = c.parse(text)
    assert c.render(tree) == canonical
    assert c.parse(c.render(tree)) == tree


@pytest.mark.parametrize(
    "text", ["", "a &&", "(a", "a b", "= x", "a = ", "a)", "__import__('os')", "a ==== b"]
)
def test_an_unreadable_condition_is_refused_with_a_reason(text):
    with pytest.raises(c.ConditionError):
        c.parse(text)


def test_and_binds_tighter_than_or_and_not_tighter_than_both():
    values = {"a": True, "b": False, "c": False}
    assert c.holds(c.parse("a || b && c"), values) is True
    assert c.holds(c.parse("(a || b) && c"), values) is False
    assert c.holds(c.parse("!b && a"), values) is True


def test_atoms_compare_each_kind_of_answer():
    values = {
        "yn": False,
        "one": ("Medium",),
        "many": ("A", "C"),
        "n": Decimal("42.5"),
        "t": "Hello",
        "blank": None,
    }
    assert c.holds(c.parse('yn = "No"'), values)
    assert not c.holds(c.parse("yn"), values)  # a bare yes/no id means "answered Yes"
    assert c.holds(c.parse('one = "medium"'), values)
    assert c.holds(c.parse('many has "C"'), values) and not c.holds(c.parse('many has "B"'), values)
    assert c.holds(c.parse('n = "42.50"'), values)
    assert c.holds(c.parse('t = "hello"'), values)
    assert not c.holds(c.parse("blank"), values) and not c.holds(c.parse("not_there"), values)


# --- validation against the questionnaire ---


@pytest.fixture
def questionnaire(db):
    return small_questionnaire()


def form_for(questionnaire, code, **changes):
    question = questionnaire.questions.get(code=code)
    data = {
        name: getattr(question, f"{name}_id", getattr(question, name, ""))
        for name in QuestionForm.Meta.fields
        if name != "capability"
    }
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data.update(choices_text="\n".join(f"{x.label} = {x.score}" for x in question.choices.all()), **changes)
    return QuestionForm(data=data, instance=question, questionnaire=questionnaire)


@pytest.mark.parametrize(
    ("condition", "problem"),
    [
        ("Q-08", "not an earlier question"),  # Q-08 comes after Q-04
        ("Q-99", "not an earlier question"),
        ('Q-01 = "Maybe"', "Yes” or “No"),
        ('Q-02 = "Huge"', "not one of the choices"),
        ('Q-03 = "A"', "write “has”"),
        ('Q-01 has "Yes"', "“has” is for multiple-choice"),
        ("Q-01 &&", "ends too early"),
    ],
)
def test_the_question_form_refuses_a_condition_that_does_not_fit(questionnaire, condition, problem):
    form = form_for(questionnaire, "Q-04", shown_when=condition)
    assert not form.is_valid()
    assert problem in str(form.errors["shown_when"])


def test_the_question_form_stores_the_condition_in_its_canonical_form(questionnaire):
    form = form_for(questionnaire, "Q-04", shown_when="q-01 = yes && (q-02 = HIGH || q-03 has a)")
    assert form.is_valid(), form.errors
    form.save()
    assert Question.objects.get(code="Q-04").shown_when == 'Q-01 = "Yes" and (Q-02 = "High" or Q-03 has "A")'


# --- applied: completeness, saving, score, answers file ---


@pytest.fixture
def conditional(questionnaire):
    """Q-04 (required number) is asked only when Q-01 is Yes; Q-07 only when Q-04 is answered."""
    questionnaire.questions.filter(code="Q-04").update(shown_when='Q-01 = "Yes"')
    questionnaire.questions.filter(code="Q-07").update(shown_when="Q-04")
    return questionnaire


@pytest.fixture
def vendor(db):
    return VendorFactory(name="Acme Guard", slug="acme-guard")


def test_a_question_whose_condition_does_not_hold_is_not_required_nor_its_dependants(
    conditional, vendor, procurement
):
    rows = [row for row in GOOD_ROWS if row[0] not in ("Q-04", "Q-07")]
    rows[0] = ("Q-01", "no")
    response = import_answers(csv_bytes(rows), "a.csv", vendor, conditional, procurement).response
    # Q-04 is hidden by Q-01 = No, and Q-07 by Q-04 being hidden: 4 required items, all there.
    assert (response.required_answered, response.required_total) == (4, 4)
    assert svc.missing_items(response) == []
    q01 = conditional.questions.get(code="Q-01")
    svc.save_answers(response, procurement, {q01: svc.AnswerChange(value=True)})
    # Q-04 is asked now; Q-07 stays hidden until Q-04 is answered.
    assert (response.required_answered, response.required_total) == (4, 5)
    assert [q.code for q, _ in svc.missing_items(response)] == ["Q-04"]
    svc.save_answers(
        response, procurement, {conditional.questions.get(code="Q-04"): svc.AnswerChange(value=Decimal(1))}
    )
    assert (response.required_answered, response.required_total) == (5, 6)
    assert [q.code for q, _ in svc.missing_items(response)] == ["Q-07"]


def test_saving_an_answer_to_a_question_that_is_not_asked_keeps_what_it_held(
    conditional, vendor, procurement
):
    response = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, conditional, procurement).response
    q01, q04 = (conditional.questions.get(code=code) for code in ("Q-01", "Q-04"))
    changed = svc.save_answers(
        response, procurement, {q01: svc.AnswerChange(value=False), q04: svc.AnswerChange(value=Decimal(7))}
    )
    assert changed == 1
    assert Answer.objects.get(question=q04).value_number == Decimal("42.5")


def test_the_import_ignores_answers_to_questions_not_asked_and_says_so(conditional, vendor):
    rows = [("Q-01", "no") if code == "Q-01" else (code, value) for code, value in GOOD_ROWS]
    result = import_answers(csv_bytes(rows), "a.csv", vendor, conditional, None)
    assert result.ok, result.errors
    assert result.ignored == 2  # Q-04 and, hidden with it, Q-07
    assert "2 answer(s) to questions not asked" in result.summary()
    assert not Answer.objects.filter(question__code__in=["Q-04", "Q-07"]).exists()


def test_a_hidden_question_is_left_out_of_the_score_not_counted_as_zero(conditional, vendor, procurement):
    rows = [("Q-01", "no") if code == "Q-01" else (code, value) for code, value in GOOD_ROWS]
    conditional.questions.filter(code="Q-08").update(shown_when='Q-01 = "Yes"')  # scored 0–5
    response = import_answers(csv_bytes(rows), "a.csv", vendor, conditional, procurement).response
    score = response_score(question_rows(response, conditional), conditional)
    depth = next(s for s in score.sections if s.title == "Depth")
    assert (depth.counted, depth.unanswered) == (0, 0)


def test_the_answers_file_has_a_shown_when_column(conditional, vendor):
    sheet = load_workbook(io.BytesIO(export_xlsx(None, conditional)))["Answers"]
    header = [cell.value for cell in sheet[1]]
    rows = {
        row[0].value: dict(zip(header, (cell.value for cell in row), strict=False))
        for row in sheet.iter_rows(min_row=2)
    }
    assert rows["Q-04"]["Shown when"] == 'Q-01 = "Yes"'
    assert rows["Q-04"]["Required"] == "yes, when shown"
    assert rows["Q-01"]["Shown when"] is None


# --- the pages and the API ---


def test_the_entry_page_hides_a_question_not_asked_and_evaluates_conditions_with_a_static_script(
    conditional, vendor, procurement
):
    rows = [
        ("Q-01", "no") if code == "Q-01" else (code, value) for code, value in GOOD_ROWS if code != "Q-04"
    ]
    response = import_answers(csv_bytes(rows), "a.csv", vendor, conditional, procurement).response
    section = conditional.sections.get(title="Basics")
    page = client_for(procurement).get(f"/questionnaires/responses/{response.pk}/sections/{section.pk}/")
    text = page.content.decode()
    q04 = conditional.questions.get(code="Q-04")
    assert (
        f'id="q-{q04.pk}" data-code="Q-04" data-kind="number" data-field="q{q04.pk}" data-shown-when="'
        in text
    )
    assert (
        'data-shown-when="[&quot;atom&quot;, &quot;Q-01&quot;, &quot;=&quot;, &quot;Yes&quot;]" hidden>'
        in text
    )
    assert '<script src="/static/js/conditions.js" defer></script>' in text
    assert "<script>" not in text
    # Q-07 (next section) depends on Q-04: the other sections' answers reach the script.
    assert "data-known-values=" in text and "&quot;Q-08&quot;: &quot;4&quot;" in text


def test_the_api_sets_a_condition_and_refuses_one_that_does_not_fit(questionnaire, procurement):
    client = token_client(procurement)
    q04 = questionnaire.questions.get(code="Q-04")
    ok = client.patch(f"/api/questions/{q04.pk}/", {"shown_when": "q-01 = no"}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["shown_when"] == 'Q-01 = "No"'
    refused = client.patch(f"/api/questions/{q04.pk}/", {"shown_when": "Q-08 = 3"}, format="json")
    assert refused.status_code == 400
    assert "earlier question" in str(refused.json())
    assert Question.objects.get(pk=q04.pk).shown_when == 'Q-01 = "No"'


def test_a_note_takes_no_answer_and_shows_its_severity_on_the_entry_page(questionnaire, vendor, procurement):
    basics = questionnaire.sections.get(title="Basics")
    note = Question.objects.create(
        questionnaire=questionnaire,
        section=basics,
        code="TIP-1",
        position=2,
        text="Publish a security contact.",
        kind="note",
        required=False,
        weight=0,
        severity="high",
        shown_when='Q-01 = "No"',
    )
    refused = import_answers(csv_bytes([("TIP-1", "yes")]), "a.csv", vendor, questionnaire, None)
    assert [(e.row, e.question, e.reason) for e in refused.errors] == [
        (2, "TIP-1", "This row is a note; it takes no answer. Leave the Answer cell blank.")
    ]
    response = import_answers(
        csv_bytes([("Q-01", "no")]), "a.csv", vendor, questionnaire, procurement
    ).response
    text = (
        client_for(procurement)
        .get(f"/questionnaires/responses/{response.pk}/sections/{basics.pk}/")
        .content.decode()
    )
    assert f'id="q-{note.pk}" data-code="TIP-1" data-kind="note"' in text
    assert "High</span> <code>TIP-1</code> Publish a security contact." in text
    assert f'name="q{note.pk}"' not in text  # nothing to answer
    assert note.pk not in {q.pk for q, _ in svc.missing_items(response)}


def test_the_answers_api_refuses_an_answer_to_a_question_not_asked(conditional, vendor, procurement):
    rows = [("Q-01", "no")]
    response = import_answers(csv_bytes(rows), "a.csv", vendor, conditional, procurement).response
    q04 = conditional.questions.get(code="Q-04")
    client = token_client(procurement)
    refused = client.post(
        "/api/answers/", {"response": response.pk, "question": q04.pk, "value": "3"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "question"
    assert 'Q-04 is not asked: it is shown only when Q-01 = "Yes"' in refused.json()["errors"][0]["message"]
    assert not Answer.objects.filter(question=q04).exists()
    q01 = Answer.objects.get(question__code="Q-01")
    changed = client.patch(
        f"/api/answers/{q01.pk}/", {"value": True}, format="json", HTTP_IF_MATCH=f'"{q01.version}"'
    )
    assert changed.status_code == 200, changed.json()
    asked = client.post(
        "/api/answers/", {"response": response.pk, "question": q04.pk, "value": "3"}, format="json"
    )
    assert asked.status_code == 201, asked.json()
