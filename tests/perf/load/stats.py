"""What the simulated users saw: every request's kind, status and latency, and the verdict."""

import threading
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

# Answers that are the app doing its job under contention, not failures: a stale version
# refused (412), a stale form sent back with its conflict explained (409 / form re-shown).
EXPECTED_REFUSALS = {409, 412}


@dataclass
class Recorder:
    samples: list[tuple[str, int, float]] = field(default_factory=list)
    refused_forms: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Edits the server acknowledged, per record: every one must still be in the record at the end.
    acknowledged: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.samples.append((kind, status, seconds))

    def acknowledge(self, record: str, token: str) -> None:
        with self.lock:
            self.acknowledged[record].append(token)

    def refused_form(self) -> None:
        with self.lock:
            self.refused_forms += 1

    # PDFs: each one asked for must arrive (directly, after Retry-After, or through a job page).
    pdfs_asked: int = 0
    pdf_times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    pdf_failures: list[str] = field(default_factory=list)

    no_answers: list[str] = field(default_factory=list)

    def no_answer(self, problem: str) -> None:
        with self.lock:
            self.no_answers.append(problem)

    def pdf_asked(self) -> None:
        with self.lock:
            self.pdfs_asked += 1

    def pdf_delivered(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.pdf_times[kind].append(seconds)

    def pdf_failed(self, problem: str) -> None:
        with self.lock:
            self.pdf_failures.append(problem)


def percentiles(latencies) -> dict[str, float]:
    values = np.asarray(latencies) * 1000
    if not len(values):
        return {}
    p50, p90, p95, p99 = np.percentile(values, [50, 90, 95, 99])
    return {"p50": p50, "p90": p90, "p95": p95, "p99": p99, "max": values.max()}


def report(recorder: Recorder, seconds: float, lost: dict[str, list[str]], target_p95_ms: float) -> bool:
    """Print the report; True when the targets hold: no 5xx, no unexpected 4xx, no lost update,
    p95 of the interactive requests (every kind but the PDFs) under target, every PDF delivered."""
    samples = recorder.samples
    statuses = [status for _, status, _ in samples]
    # The PDF render limits answering 429 with Retry-After is waited out (users.PdfReader): counted
    # apart, not as an error. Every 5xx is an error, a PDF's 503 (render timed out) too.
    pdf_waits = sum(1 for kind, s, _ in samples if kind.startswith("pdf") and s == 429)
    server_errors = sum(1 for s in statuses if s >= 500 or s == 0)
    client_errors = sum(
        1
        for kind, s, _ in samples
        if 400 <= s < 500 and s not in EXPECTED_REFUSALS and not (kind.startswith("pdf") and s == 429)
    )
    refusals = sum(1 for s in statuses if s in EXPECTED_REFUSALS)
    interactive = [t for kind, _, t in samples if not kind.startswith("pdf")]
    overall = percentiles(interactive)
    print(f"requests: {len(samples)} in {seconds:.1f} s = {len(samples) / seconds:.1f} requests/s")
    print("latency ms (every request but the PDFs): " + ", ".join(f"{k} {v:.0f}" for k, v in overall.items()))
    print(f"{'kind':34} {'count':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}  statuses")
    by_kind = defaultdict(list)
    for kind, status, latency in samples:
        by_kind[kind].append((status, latency))
    for kind in sorted(by_kind):
        rows = by_kind[kind]
        pct = percentiles([latency for _, latency in rows])
        counts = defaultdict(int)
        for status, _ in rows:
            counts[status] += 1
        shown = " ".join(f"{s}:{n}" for s, n in sorted(counts.items()))
        print(
            f"{kind:34} {len(rows):6d} {pct['p50']:6.0f} {pct['p95']:6.0f} {pct['p99']:6.0f} {pct['max']:6.0f}  {shown}"
        )
    by_status = defaultdict(int)
    for s in statuses:
        if s >= 400 or s == 0:
            by_status[s] += 1
    print(
        "errors by status: "
        + (", ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(by_status.items())) or "none")
    )
    delivered = sum(len(times) for times in recorder.pdf_times.values())
    print(
        f"PDFs asked for: {recorder.pdfs_asked}; delivered: {delivered}; failed: {len(recorder.pdf_failures)}; "
        f"render-limit waits (429 + Retry-After): {pdf_waits}"
    )
    for kind, times in sorted(recorder.pdf_times.items()):
        pct = percentiles(times)
        print(
            f"  PDF {kind}: {len(times)} delivered, seconds from asking: p50 {pct['p50'] / 1000:.1f}, p95 {pct['p95'] / 1000:.1f}, max {pct['max'] / 1000:.1f}"
        )
    for problem in recorder.pdf_failures[:5]:
        print(f"  not delivered: {problem}")
    acknowledged = sum(len(tokens) for tokens in recorder.acknowledged.values())
    lost_count = sum(len(tokens) for tokens in lost.values())
    print(f"server errors (5xx or no answer): {server_errors}")
    for problem in recorder.no_answers[:5]:
        print(f"  no answer: {problem}")
    print(f"other client errors (4xx except 409/412): {client_errors}")
    print(
        f"stale edits refused (409/412): {refusals}; stale forms sent back with the conflict: {recorder.refused_forms}"
    )
    print(f"acknowledged edits of shared records: {acknowledged}; lost updates: {lost_count}")
    for record, tokens in lost.items():
        if tokens:
            print(f"  lost in {record}: {len(tokens)} e.g. {tokens[:3]}")
    all_pdfs = delivered == recorder.pdfs_asked and not recorder.pdf_failures
    ok = (
        server_errors == 0
        and lost_count == 0
        and client_errors == 0
        and overall.get("p95", 0) < target_p95_ms
        and all_pdfs
    )
    print(
        f"target (no 5xx, no unexpected 4xx, no lost update, p95 < {target_p95_ms:.0f} ms, every PDF delivered): "
        + ("MET" if ok else "NOT MET")
    )
    return ok
