"""The simulated users: people browsing, entering answers, downloading PDFs; scripts editing records.

Each user is a thread with its own HTTP session and its own seeded random numbers; every request
goes to one of the app instances at random (sessions and versions live in the shared database
and cache, so any instance must answer any request).
Editors of shared records append a unique token to the text they read and save it;
an edit the server acknowledged must still be in the record at the end, otherwise a
later writer overwrote it without having seen it: a lost update.
"""

import json
import random
import re
import threading
import time
import uuid
from urllib.parse import urljoin

import requests

from tests.html_forms import post_form_fields
from tests.perf.load.stats import Recorder

ENTRY_SECTIONS = 3  # answer entry happens in the first three sections of the shared responses
# Shown by the section entry page when someone else saved one of the answers meanwhile.
CONFLICT_MARKER = "since you opened the page"


class SimulatedUser(threading.Thread):
    think_scale = 1.0  # times the plan's think time
    longest_pause = float("inf")  # seconds

    def __init__(self, bases: list[str], account: dict, data: dict, recorder: Recorder, seed: int, plan):
        super().__init__(daemon=True)
        self.bases, self.account, self.data, self.recorder = bases, account, data, recorder
        self.random = random.Random(seed)
        self.plan = plan  # start barrier, stop time, think time
        self.http = requests.Session()  # cookies are per host, not per port: one session for both

    @property
    def base(self) -> str:
        return self.random.choice(self.bases)

    def request(self, kind: str, method: str, path: str, **kwargs) -> requests.Response | None:
        start = time.perf_counter()
        try:
            answer = self.http.request(method, self.base + path, allow_redirects=False, timeout=30, **kwargs)
        except requests.RequestException as exc:
            if not self.plan.measuring():
                return None
            self.recorder.record(kind, 0, time.perf_counter() - start)
            self.recorder.no_answer(f"{method} {path}: {exc.__class__.__name__}: {exc}"[:300])
            return None
        if self.plan.measuring():
            self.recorder.record(kind, answer.status_code, time.perf_counter() - start)
        return answer

    def sign_in(self) -> None:
        page = self.http.get(self.base + "/accounts/login/", timeout=30)
        fields = post_form_fields(page.text, "username")
        fields.update(username=[self.account["username"]], password=[self.account["password"]])
        answer = self.http.post(page.url, data=fields, allow_redirects=False, timeout=60)
        if answer.status_code != 302:
            raise RuntimeError(f"{self.account['username']} could not sign in: {answer.status_code}")

    def run(self) -> None:
        try:
            self.prepare()
        finally:
            self.plan.ready.wait()
        # Users arrive spread over one think time, not all in the same instant: otherwise the
        # whole population's first requests land together and that burst dominates the tail.
        time.sleep(self.random.uniform(0, self.plan.think[1]))
        while not self.plan.over():
            self.act()
            pause = self.random.uniform(*self.plan.think) * self.think_scale
            time.sleep(min(pause, self.longest_pause))

    def prepare(self) -> None:
        self.sign_in()

    def act(self) -> None:
        raise NotImplementedError

    def token(self) -> str:
        return uuid.uuid4().hex[:10]


class Browser(SimulatedUser):
    """An executive or risk leader reading pages, the evaluation's results among them."""

    def act(self) -> None:
        vendor = self.random.choice(self.data["vendors"])
        evaluation = self.data["evaluation"]
        candidate = self.random.choice(self.data["candidates"])
        kind, path = self.random.choices(
            [
                ("page: vendor list", "/vendors/"),
                ("page: vendor", f"/vendors/{vendor}/"),
                ("page: roadmaps", "/vendors/roadmaps/"),
                ("page: evaluation", f"/evaluations/{evaluation}/"),
                ("page: results", f"/evaluations/{evaluation}/results/"),
                ("page: dashboard", f"/evaluations/{evaluation}/dashboard/"),
                ("page: scorecard", f"/evaluations/{evaluation}/vendors/{candidate}/scorecard/"),
                ("api: vendor list", "/api/vendors/"),
            ],
            weights=[3, 4, 2, 2, 1, 1, 1, 2],
        )[0]
        self.request(kind, "GET", path)


class AnswerEntry(SimulatedUser):
    """Procurement staff entering answers a section at a time, several on the same sections."""

    def act(self) -> None:
        response = self.random.choice(self.data["responses"])
        section = self.random.choice(response["sections"][:ENTRY_SECTIONS])
        path = f"/questionnaires/responses/{response['id']}/sections/{section}/"
        page = self.request("page: answer section", "GET", path)
        if page is None or page.status_code != 200:
            return
        fields = post_form_fields(page.text, r"c\d+")
        comments = sorted(name for name in fields if name.startswith("c") and name[1:].isdigit())
        if not comments:
            return
        name = self.random.choice(comments)
        token = self.token()
        fields[name] = [(fields[name][0] + " " + token).strip()]
        saved = self.request("form: save answers", "POST", path, data=fields, headers={"Referer": page.url})
        if saved is None:
            return
        if saved.status_code == 302:
            self.recorder.acknowledge(f"answer {response['id']}/{name[1:]}", token)
        elif saved.status_code == 200 and CONFLICT_MARKER in saved.text:
            self.recorder.refused_form()


class ApiEditor(SimulatedUser):
    """A script editing the same records through the API: read, change, write with If-Match."""

    def prepare(self) -> None:
        self.http.headers["Authorization"] = f"Bearer {self.account['token']}"

    def act(self) -> None:
        if self.random.random() < 0.3:
            self.request("api: roadmap list", "GET", "/api/roadmap-items/?page_size=50")
            return
        if self.random.random() < 0.5:
            self.edit("briefing", "notes", self.random.choice(self.data["briefings"]))
        else:
            self.edit("answer", "comment", self.random.choice(self.data["answers"]))

    def edit(self, kind: str, text_field: str, pk: int) -> None:
        path = f"/api/{kind}s/{pk}/"
        read = self.request(f"api: read {kind}", "GET", path)
        if read is None or read.status_code != 200:
            return
        token = self.token()
        text = (read.json()[text_field] + " " + token).strip()
        written = self.request(
            f"api: edit {kind}",
            "PATCH",
            path,
            json={text_field: text},
            headers={"If-Match": read.headers["ETag"]},
        )
        if written is not None and written.status_code == 200:
            self.recorder.acknowledge(f"{kind}-api {pk}", token)


class PdfReader(SimulatedUser):
    """An executive downloading the dashboard or a scorecard as a PDF: every one must arrive.

    A PDF may be the answer itself (200, application/pdf), or a job: a redirect to a job page that
    is polled until it links to the file (the PDF as a background job). A 429/503 with Retry-After
    (the render limits) is waited out and asked again. What counts: requested, delivered, and the
    time from asking to having the file.
    """

    think_scale = 15.0  # a PDF now and then, not every second
    longest_pause = 20.0  # so that with longer think times PDFs are still asked for within the minute
    PATIENCE = 180  # seconds for one PDF, retries and polling included

    def act(self) -> None:
        if not self.plan.measuring():
            return
        evaluation = self.data["evaluation"]
        candidate = self.random.choice(self.data["candidates"])
        kind, path = self.random.choice(
            [
                ("dashboard", f"/evaluations/{evaluation}/dashboard/?format=pdf"),
                ("scorecard", f"/evaluations/{evaluation}/vendors/{candidate}/scorecard/?format=pdf"),
            ]
        )
        self.recorder.pdf_asked()
        started = time.perf_counter()
        problem = self.fetch_pdf(self.base + path)
        if problem is None:
            self.recorder.pdf_delivered(kind, time.perf_counter() - started)
        else:
            self.recorder.pdf_failed(f"{path}: {problem}")

    def fetch_pdf(self, url: str) -> str | None:
        """None once the PDF is here, else what went wrong."""
        deadline = time.monotonic() + self.PATIENCE
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                answer = self.http.get(url, allow_redirects=False, timeout=120)
            except requests.RequestException as exc:
                self.recorder.record("pdf: request", 0, time.perf_counter() - start)
                self.recorder.no_answer(f"GET {url}: {exc.__class__.__name__}: {exc}"[:300])
                return f"no answer ({exc.__class__.__name__})"
            self.recorder.record("pdf: request", answer.status_code, time.perf_counter() - start)
            kind = answer.headers.get("Content-Type", "")
            if answer.status_code == 200 and kind.startswith("application/pdf"):
                return None if answer.content.startswith(b"%PDF") else "not a PDF"
            if answer.status_code in (301, 302, 303, 307, 308) and answer.headers.get("Location"):
                url = urljoin(url, answer.headers["Location"])  # the job's page, or the file
                continue
            if answer.status_code in (429, 503) and answer.headers.get("Retry-After"):
                time.sleep(min(float(answer.headers["Retry-After"]), 5.0))
                continue
            if answer.status_code == 200:
                link = download_link(answer.text, kind)
                if link:
                    url = urljoin(url, link)
                else:
                    time.sleep(1.0)  # a job page still working: poll it
                continue
            return f"status {answer.status_code}"
        return "not delivered in time"


DOWNLOAD_HREF = re.compile(r"""href=["']([^"']*(?:\.pdf|download|/file)[^"']*)["']""", re.IGNORECASE)


def download_link(text: str, content_type: str) -> str | None:
    """The file's address on a job page (HTML link or JSON field), once it is there."""
    if "json" in content_type:
        try:
            data = json.loads(text)
        except ValueError:
            return None
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str) and (item.endswith(".pdf") or "download" in item) and "/" in item:
                return item
        return None
    found = DOWNLOAD_HREF.search(text)
    return found.group(1).replace("&amp;", "&") if found else None


def lost_updates(base: str, data: dict, recorder: Recorder) -> dict[str, list[str]]:
    """Acknowledged tokens missing from the records at the end, per record."""
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {data['users']['api'][0]['token']}"
    lost = {}
    for record, tokens in recorder.acknowledged.items():
        kind, key = record.split(" ", 1)
        if kind == "briefing-api":
            text = http.get(f"{base}/api/briefings/{key}/", timeout=30).json()["notes"]
        elif kind == "answer-api":
            text = http.get(f"{base}/api/answers/{key}/", timeout=30).json()["comment"]
        else:
            response_id, question_id = key.split("/")
            found = http.get(
                f"{base}/api/answers/?response={response_id}&question={question_id}", timeout=30
            ).json()["results"]
            text = found[0]["comment"] if found else ""
        present = set(text.split())
        lost[record] = [token for token in tokens if token not in present]
    return lost
