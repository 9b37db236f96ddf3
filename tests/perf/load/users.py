"""The simulated users: people browsing, people entering answers, scripts editing records.

Each user is a thread with its own HTTP session and its own seeded random numbers.
Editors of shared records append a unique token to the text they read and save it;
an edit the server acknowledged must still be in the record at the end, otherwise a
later writer overwrote it without having seen it: a lost update.
"""

import random
import threading
import time
import uuid

import requests

from tests.html_forms import post_form_fields
from tests.perf.load.stats import Recorder

ENTRY_SECTIONS = 3  # answer entry happens in the first three sections of the shared responses
# Shown by the section entry page when someone else saved one of the answers meanwhile.
CONFLICT_MARKER = "since you opened the page"


class SimulatedUser(threading.Thread):
    def __init__(self, base: str, account: dict, data: dict, recorder: Recorder, seed: int, plan):
        super().__init__(daemon=True)
        self.base, self.account, self.data, self.recorder = base, account, data, recorder
        self.random = random.Random(seed)
        self.plan = plan  # start barrier, stop time, think time
        self.http = requests.Session()

    def request(self, kind: str, method: str, path: str, **kwargs) -> requests.Response | None:
        start = time.perf_counter()
        try:
            answer = self.http.request(method, self.base + path, allow_redirects=False, timeout=30, **kwargs)
        except requests.RequestException:
            self.recorder.record(kind, 0, time.perf_counter() - start)
            return None
        if self.plan.measuring():
            self.recorder.record(kind, answer.status_code, time.perf_counter() - start)
        return answer

    def sign_in(self) -> None:
        page = self.http.get(self.base + "/accounts/login/", timeout=30)
        fields = post_form_fields(page.text, "username")
        fields.update(username=[self.account["username"]], password=[self.account["password"]])
        answer = self.http.post(
            self.base + "/accounts/login/", data=fields, allow_redirects=False, timeout=60
        )
        if answer.status_code != 302:
            raise RuntimeError(f"{self.account['username']} could not sign in: {answer.status_code}")

    def run(self) -> None:
        try:
            self.prepare()
        finally:
            self.plan.ready.wait()
        while not self.plan.over():
            self.act()
            time.sleep(self.random.uniform(*self.plan.think))

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
        saved = self.request(
            "form: save answers", "POST", path, data=fields, headers={"Referer": self.base + path}
        )
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
