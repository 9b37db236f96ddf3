"""Reading a feed from a file or a URL: a size limit, a timeout and conditional requests.

``read_file`` and ``fetch_url`` return the bytes (or None: the server says nothing changed) or
raise ``FetchError`` with a sentence for the import's report. Nothing here touches the signals.
"""

from dataclasses import dataclass
from pathlib import Path

import requests
from django.conf import settings


class FetchError(Exception):
    """The feed could not be read; the message says why."""


def max_bytes() -> int:
    return int(getattr(settings, "SIGNALS_MAX_BYTES", 32 * 1024 * 1024))


def timeout() -> float:
    return float(getattr(settings, "SIGNALS_FETCH_TIMEOUT", 20))


def _too_big(size: int) -> FetchError:
    return FetchError(
        f"The feed is over the size limit ({size:,} bytes or more; the limit is {max_bytes():,})."
    )


def read_file(path: str | Path) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise FetchError(f"Cannot read {path}: {error.strerror}.") from None
    if size > max_bytes():
        raise _too_big(size)
    return path.read_bytes()


@dataclass
class Fetched:
    """A fetch's outcome: the body (None when the server answered 304) and the validators to keep."""

    body: bytes | None
    etag: str = ""
    last_modified: str = ""
    status: int = 200


def fetch_url(url: str, etag: str = "", last_modified: str = "") -> Fetched:
    """GET ``url`` asking only for a change since ``etag`` / ``last_modified`` (If-None-Match,
    If-Modified-Since); the body is read in chunks and refused past the size limit."""
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"{url!r} is not an http(s) address.")
    headers = {"User-Agent": "vendor-tracker-signals/1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    limit = max_bytes()
    try:
        with requests.get(
            url, headers=headers, timeout=timeout(), stream=True, allow_redirects=True
        ) as response:
            if response.status_code == 304:
                return Fetched(None, etag, last_modified, 304)
            if response.status_code != 200:
                raise FetchError(f"{url} answered {response.status_code} {response.reason}.")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise _too_big(int(declared))
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise _too_big(size)
                chunks.append(chunk)
            return Fetched(
                b"".join(chunks),
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
                200,
            )
    except requests.Timeout:
        raise FetchError(f"{url} did not answer within {timeout():g} s; nothing was changed.") from None
    except requests.RequestException as error:
        raise FetchError(
            f"{url} could not be fetched ({type(error).__name__}); nothing was changed."
        ) from None
