"""Issue 14: the scorecard and dashboard PDFs are documents.

Every page keeps 15 mm of paper blank on each side and carries a running header (the document,
its evaluation, the decision state) and footer (as of, page x of y); screen-only controls are
not printed, the numbers behind each chart are printed beneath it, and a chart stays on the page
of its caption. The pages are looked at as a reader would: rendered to images with pdftoppm and
read back as text with pypdf. One browser serves every PDF of a process.
"""

import datetime
import html
import io
import json
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from common import pdf
from evaluator.decisions.service import decide
from evaluator.models import EvaluationStatus
from evaluator.results.printing import decision_state, pdf_header
from evaluator.results.service import evaluation_results
from tests.conftest import client_for
from tests.evaluator.test_dashboard import scored_evaluation
from tests.evaluator.test_pdf import requires_chromium

DPI = 40
MM = DPI / 25.4


def download(user, url: str) -> bytes:
    response = client_for(user).get(url, {"format": "pdf"})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def pages_text(document: bytes) -> list[str]:
    """Each page's text, whitespace collapsed and ligatures ("ﬁ") spelled out."""
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
        for page in PdfReader(io.BytesIO(document)).pages
    ]


def page_images(document: bytes) -> list[np.ndarray]:
    """Every page as a grey image (0 black, 255 white), by poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(document)
        subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), str(source), f"{folder}/page"], check=True)
        return [read_pgm(path) for path in sorted(Path(folder).glob("page-*.pgm"))]


def read_pgm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    magic, width, height, maximum, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and maximum == b"255"
    return np.frombuffer(pixels[: int(width) * int(height)], dtype=np.uint8).reshape(int(height), int(width))


def ink_rows(image: np.ndarray) -> np.ndarray:
    return np.flatnonzero((image < 200).any(axis=1))


@pytest.fixture
def evaluation(risk_leader):
    return scored_evaluation(risk_leader, 3)


def dashboard_url(evaluation):
    return f"/evaluations/{evaluation.pk}/dashboard/"


def scorecard_url(evaluation):
    vendor = evaluation.candidates.order_by("name").first()
    return f"/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/"


@requires_chromium
@pytest.mark.parametrize("page_url", [dashboard_url, scorecard_url], ids=["dashboard", "scorecard"])
def test_every_page_keeps_15_mm_blank_on_each_side_and_says_page_x_of_y(risk_leader, evaluation, page_url):
    document = download(risk_leader, page_url(evaluation))
    images, texts = page_images(document), pages_text(document)
    assert len(images) == len(texts) >= 2
    edge = int(np.ceil(pdf.BLANK_EDGE_MM * MM)) - 1  # a pixel of slack for rounding
    for number, (image, text) in enumerate(zip(images, texts, strict=True), start=1):
        height, width = image.shape
        assert abs(width / MM - 210) < 2 and abs(height / MM - 297) < 2  # A4 portrait
        for side, band in {
            "top": image[:edge],
            "bottom": image[-edge:],
            "left": image[:, :edge],
            "right": image[:, -edge:],
        }.items():
            assert band.min() > 240, f"page {number}: ink in the {side} 15 mm"
        assert f"Page {number} of {len(images)}" in text
        # The header and the footer are drawn just inside the blank edge, on every page.
        rows = ink_rows(image)
        assert rows[0] < 25 * MM and rows[-1] > height - 25 * MM


@requires_chromium
def test_the_running_header_names_the_document_its_evaluation_the_decision_state_and_the_date(
    risk_leader, evaluation
):
    vendor = evaluation.candidates.order_by("name").first()
    for url, document in [
        (dashboard_url(evaluation), f"{evaluation.name} · Dashboard"),
        (scorecard_url(evaluation), f"{evaluation.name} · Scorecard of {vendor.name}"),
    ]:
        for text in pages_text(download(risk_leader, url)):
            assert document in text
            assert "Not decided yet (draft)" in text
            assert f"Facts as of {datetime.date.today():%Y-%m-%d}" in text


@requires_chromium
def test_a_decided_evaluation_says_when_and_by_whom_on_every_page(risk_leader, evaluation):
    risk_leader.first_name, risk_leader.last_name = "Rick", "Risk"
    risk_leader.save()
    snapshot = decide(evaluation, risk_leader)
    texts = pages_text(download(risk_leader, dashboard_url(evaluation)))
    state = f"Decided on {snapshot.decided_at.astimezone(datetime.UTC):%Y-%m-%d} by Rick Risk"
    assert all(state in text for text in texts)


@requires_chromium
@pytest.mark.parametrize("page_url", [dashboard_url, scorecard_url], ids=["dashboard", "scorecard"])
def test_screen_only_controls_are_left_out_and_the_numbers_behind_each_chart_are_printed(
    risk_leader, evaluation, page_url
):
    screen = client_for(risk_leader).get(page_url(evaluation)).text
    text = " ".join(pages_text(download(risk_leader, page_url(evaluation))))
    for control in (
        "The numbers behind",
        "← Evaluations",
        "← Dashboard",
        "Download PDF",
        "Head-to-head",
        "History",
        "The PDF has the same layout",
        "The arithmetic behind every number",
        "Sign out",
    ):
        assert control not in text
    tables = re.findall(r'<details class="chart-table">(.*?)</details>', screen, re.S)
    assert tables
    # The text of a table comes a line at a time (a cell that wraps is cut in two) and cells
    # side by side run together: look for each word of each cell, spaces aside.
    packed = "".join(text.split())
    for table in tables:
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S):
            for word in html.unescape(re.sub("<[^>]+>", "", cell)).split():
                assert word in packed, f"{word!r} of a table cell is not printed"


@requires_chromium
def test_a_chart_is_on_the_same_page_as_its_caption(risk_leader, evaluation):
    screen = client_for(risk_leader).get(scorecard_url(evaluation)).text
    texts = pages_text(download(risk_leader, scorecard_url(evaluation)))
    figures = re.findall(
        r'<script id="[^"]+" type="application/json">(.*?)</script>\s*'
        r'<figcaption class="chart-summary">(.*?)</figcaption>',
        screen,
        re.S,
    )
    assert len(figures) >= 2
    for payload, caption in figures:
        # Chart texts are escaped for plotly (names shown as typed): "R&amp;D" is drawn as "R&D".
        title = html.unescape(json.loads(payload)["layout"]["title"]["text"])
        start = " ".join(html.unescape(caption).split())[:60]
        drawn_on = next(n for n, text in enumerate(texts) if title in text)
        assert start in texts[drawn_on], f"“{title}” is on page {drawn_on + 1}, its caption is not"


@requires_chromium
def test_one_browser_serves_the_pdfs_and_nothing_of_one_pdf_stays_in_the_next(risk_leader):
    first = scored_evaluation(risk_leader, 2)
    second = scored_evaluation(risk_leader, 3)
    second.candidates.filter(name__startswith="Candidate 02").update(name="Zebra Systems")
    download(risk_leader, dashboard_url(second))
    browser = pdf.renderer._browser
    text = " ".join(pages_text(download(risk_leader, dashboard_url(first))))
    assert pdf.renderer._browser is browser and pdf.renderer.running
    assert first.name in text and second.name not in text and "Zebra Systems" not in text


@requires_chromium
def test_a_pdf_after_the_browser_went_away_starts_a_new_one(risk_leader, evaluation):
    download(risk_leader, dashboard_url(evaluation))
    pdf.renderer.close()
    assert not pdf.renderer.running
    assert download(risk_leader, dashboard_url(evaluation)).startswith(b"%PDF-")
    assert pdf.renderer.running


def test_the_decision_state_is_said_in_words(risk_leader, evaluation):
    assert decision_state(evaluation, None) == "Not decided yet (draft)"
    evaluation.status = EvaluationStatus.SCORING
    assert decision_state(evaluation, None) == "Not decided yet (scoring)"
    snapshot = decide(
        evaluation, risk_leader, decided_at=datetime.datetime(2026, 11, 1, 16, tzinfo=datetime.UTC)
    )
    evaluation.refresh_from_db()
    assert decision_state(evaluation, snapshot) == "Decided on 2026-11-01 by rick.risk"


def test_the_running_head_shows_names_as_typed(risk_leader, evaluation):
    evaluation.name = "<b>Bold</b> & co"
    printed = datetime.datetime(2026, 12, 3, 14, 5, tzinfo=datetime.UTC)
    header = pdf_header(evaluation, None, datetime.date(2026, 11, 1), "Dashboard")
    assert header == {
        "title": "<b>Bold</b> & co · Dashboard",
        "as_of": datetime.date(2026, 11, 1),
        "state": "Not decided yet (draft)",
    }
    head = pdf.RunningHead.of(**header, printed=printed)
    assert head.dated == "Facts as of 2026-11-01 · printed 2026-12-03 14:05 UTC"
    header = pdf.header_template(head)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co · Dashboard" in header and "<b>" not in header
    assert 'class="pageNumber"' in pdf.footer_template(head) and 'class="totalPages"' in pdf.footer_template(
        head
    )


@requires_chromium
def test_plotly_is_loaded_once_for_many_pdfs(risk_leader, evaluation, monkeypatch):
    served = []
    real = pdf.static_file
    monkeypatch.setattr(pdf, "static_file", lambda path: served.append(path) or real(path))
    pdf.renderer.close()
    for url in (dashboard_url(evaluation), scorecard_url(evaluation), dashboard_url(evaluation)):
        assert download(risk_leader, url).startswith(b"%PDF-")
    assert sum(path.endswith(pdf.LIBRARY) for path in served) == 1
    assert sum(path.endswith("js/charts.js") for path in served) == 3  # the page's own script, each time


@requires_chromium
def test_the_decision_memo_pdf_is_a_document_with_its_header_margins_and_page_numbers(
    risk_leader, executive, evaluation
):
    from evaluator.decisions import signoff

    evaluation.members.add(executive)
    evaluation.status = "scoring"
    evaluation.save()
    leader = evaluation_results(evaluation).ranking[0]
    signoff.propose(
        evaluation,
        risk_leader,
        chosen=list(evaluation.candidates.filter(pk=leader["vendor"])),
        rationale="The memo's rationale.",
        conditions="Signed roadmap annex",
        approvers=[executive],
    )
    document = download(executive, f"/evaluations/{evaluation.pk}/memo/")
    images, texts = page_images(document), pages_text(document)
    edge = int(np.ceil(pdf.BLANK_EDGE_MM * MM)) - 1
    for number, (image, text) in enumerate(zip(images, texts, strict=True), start=1):
        for band in (image[:edge], image[-edge:], image[:, :edge], image[:, -edge:]):
            assert band.min() > 240, f"page {number}: ink in the 15 mm edge"
        assert f"Page {number} of {len(images)}" in text
        assert f"{evaluation.name} · Decision memo" in text
    whole = " ".join(texts)
    assert "The memo's rationale." in whole and "Signed roadmap annex" in whole
    assert "Copy into a new evaluation" not in whole and "← Evaluations" not in whole
