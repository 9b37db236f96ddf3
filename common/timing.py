"""What a request spent and reused, for its Server-Timing header and its log line.

Code that may serve from the cache calls ``note("results", hit=True)``; the request-log
middleware (common/request_log.py) reads the notes of the request it is answering. The notes
live in a context variable, so threads and concurrent requests never see each other's.
"""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    name: str
    hit: bool
    duration_ms: float


_notes: contextvars.ContextVar[tuple[Note, ...]] = contextvars.ContextVar("timing_notes", default=())


def start() -> contextvars.Token:
    return _notes.set(())


def reset(token: contextvars.Token) -> None:
    _notes.reset(token)


def note(name: str, *, hit: bool, duration_ms: float = 0.0) -> None:
    _notes.set((*_notes.get(), Note(name, hit, duration_ms)))


def notes() -> tuple[Note, ...]:
    return _notes.get()


def server_timing(items: tuple[Note, ...]) -> str:
    """The Server-Timing header value: ``results;desc="hit";dur=0.4`` per note."""
    return ", ".join(
        f'{item.name};desc="{"hit" if item.hit else "miss"}";dur={item.duration_ms:.1f}' for item in items
    )
