"""A decision taken to the board, in a real browser: the risk leader proposes the demo's open
evaluation choosing the runner-up with a justification, two approvers sign off, and the executive
downloads the decision memo PDF; in the other test a rejection sends it back to scoring."""

import io

import pytest
from django.core.management import call_command

from demo.evaluations import DEMO_EVALUATION
from demo.users import DEMO_PASSWORD
from evaluator.models import DecisionSnapshot, Evaluation, EvaluationStatus
from evaluator.results.service import evaluation_results
from tests.browser.conftest import log_in, requires_chromium, save_screenshot

pytestmark = [pytest.mark.browser, requires_chromium]


def open_demo(live_server):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    evaluation = Evaluation.objects.get(name=DEMO_EVALUATION)
    ranking = evaluation_results(evaluation).ranking
    return evaluation, ranking[0]["name"], ranking[1]["name"]


def as_user(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    log_in(page, live_server, username, DEMO_PASSWORD)
    return page


def propose_runner_up(page, live_server, evaluation, leader, runner_up):
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    page.get_by_role("link", name="Propose a decision").click()
    assert page.locator("#proposal-warnings li").count() >= 1  # the demo has things to look at
    assert page.get_by_label(leader).is_checked()  # the ranking's leader is the default choice
    page.get_by_label(leader).uncheck()
    page.get_by_label(runner_up).check()
    page.get_by_label("Rationale").fill("Its console is the one our analysts already run.")
    page.get_by_label("Conditions").fill("Cross-domain correlation contractually committed before signature")
    page.get_by_label("Risks accepted").fill("Shallower geospatial coverage for two years")
    page.get_by_label("Edward Lindqvist (executive)").check()
    page.get_by_label("Priya Natarajan (procurement)").check()
    page.get_by_role("button", name="Propose for sign-off").click()
    # Without a justification the choice of the runner-up is refused, the form keeps what was typed.
    assert page.get_by_text(f"{leader} is ranked first: say why you choose otherwise.").is_visible()
    page.get_by_label("Justification (when the choice differs from rank 1)").fill(
        "Migration cost and analyst familiarity outweigh the small lead."
    )
    page.get_by_role("button", name="Propose for sign-off").click()
    page.wait_for_url(f"**/evaluations/{evaluation.pk}/sign-off/")
    assert page.get_by_text("Awaiting sign-off").first.is_visible()


def answer(browser, live_server, evaluation, username, action, comment):
    page = as_user(browser, live_server, username)
    page.get_by_role("link", name=evaluation.name).first.click()  # from "Decisions awaiting your approval"
    page.wait_for_url(f"**/evaluations/{evaluation.pk}/sign-off/")
    page.get_by_label("Comment").fill(comment)
    page.get_by_role("button", name=action).click()
    page.wait_for_load_state("domcontentloaded")
    return page


@pytest.mark.django_db(transaction=True)
def test_the_runner_up_is_proposed_signed_off_by_two_and_the_memo_pdf_downloads(live_server, browser):
    evaluation, leader, runner_up = open_demo(live_server)
    owner = as_user(browser, live_server, "risk")
    propose_runner_up(owner, live_server, evaluation, leader, runner_up)
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.PROPOSED

    answer(browser, live_server, evaluation, "procurement", "Approve", "Commercials agreed.")
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.PROPOSED
    executive = answer(browser, live_server, evaluation, "executive", "Approve", "For the board.")
    assert executive.get_by_text("the evaluation is decided").is_visible()
    assert DecisionSnapshot.objects.filter(evaluation=evaluation).exists()

    executive.get_by_role("link", name="Decision memo").first.click()
    memo = executive.locator("article.memo")
    assert runner_up in memo.locator(".choice").inner_text()
    assert f"The ranking puts {leader} first." in memo.inner_text()
    assert "Cross-domain correlation contractually committed before signature" in memo.inner_text()
    assert "For the board." in memo.inner_text() and "Commercials agreed." in memo.inner_text()
    save_screenshot(executive, "decision-memo", full_page=True)
    with executive.expect_download(timeout=60_000) as download:
        executive.get_by_role("link", name="Download PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith("decision-memo.pdf")
    assert executive.problems == [] and owner.problems == []


@pytest.mark.django_db(transaction=True)
def test_a_rejection_returns_the_evaluation_to_scoring(live_server, browser):
    evaluation, leader, runner_up = open_demo(live_server)
    owner = as_user(browser, live_server, "risk")
    propose_runner_up(owner, live_server, evaluation, leader, runner_up)
    answer(browser, live_server, evaluation, "executive", "Reject (back to scoring)", "Keep the leader.")
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.SCORING
    owner.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    assert owner.get_by_role("link", name="Propose a decision").is_visible()
    owner.goto(
        f"{live_server.url}/evaluations/{evaluation.pk}/sign-off/"
    )  # the owner's notification links here
    assert (
        owner.get_by_text("Keep the leader.").is_visible()
        and owner.get_by_text("Rejected").first.is_visible()
    )
