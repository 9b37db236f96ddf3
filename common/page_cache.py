"""A page's sections, rendered once per state of the data (issue 16: warm pages).

A warm dashboard, scorecard or vendor page used to read all its inputs and render every
section again: most of its time. Here a page's sections are kept under the data generation
(common/data_generation.py: a number every write through the app moves on), the day (the
as-of date, "Today" markers and documents in force move with it) and a digest of the code and
templates that draw them; a hit costs one query and a cache read.

Only what is the same for every user who may open the page goes in a section: no CSRF token,
no message, nothing that depends on who asks unless the caller puts it in the key (the vendor
page keys by the permission set its links depend on). The page renders the rest itself, around
the sections, and checked access before asking for them. Sections are rendered without a request, so a
context processor's user data cannot slip in. While the request's own transaction holds
uncommitted writes, the generation is unknown and the page renders afresh without caching.
"""

import datetime
import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from common import data_generation, shared_cache, timing

PACKAGES = ("accounts", "common", "config", "evaluator", "home", "vendors")


def _code_digest() -> str:
    """The engine, the project's own code and every template: what a section's HTML comes from.

    All of it, not only the modules a page names: a section draws on selectors, template tags
    and wording from everywhere, and a new release is one new set of keys.
    """
    digest = hashlib.sha256(shared_cache.ENGINE_DIGEST.encode())
    root = Path(settings.BASE_DIR)
    sources = [path for package in PACKAGES for path in sorted((root / package).rglob("*.py"))]
    for folder in settings.TEMPLATES[0]["DIRS"]:
        sources.extend(sorted(Path(folder).rglob("*.html")))
    for source in sources:
        if "migrations" not in source.parts:
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


CODE_DIGEST = _code_digest()


def section_key(name: str, generation: str, parts: tuple[str, ...]) -> str:
    # Both days: the scoring's (the site's time zone) and the charts' (the process's clock).
    days = f"{timezone.localdate().isoformat()}/{datetime.date.today().isoformat()}"
    return ":".join(("page", name, CODE_DIGEST, generation, days, *parts))


def sections[T](name: str, render: Callable[[], T], *parts: str) -> T:
    """``render()``, computed once per data generation, day and release for ``name`` and ``parts``
    (the record the page is about: an evaluation's id, a vendor's…)."""
    generation = data_generation.current()
    if generation is None:
        return render()
    started = time.perf_counter()
    key = section_key(name, generation, parts)
    value = shared_cache.get(key)
    hit = value is not None
    if value is None:
        value = render()
        shared_cache.set(key, value)
    # Seen as the Server-Timing header and in the request log (common/request_log.py).
    timing.note(f"{name}-page", hit=hit, duration_ms=(time.perf_counter() - started) * 1000)
    return value


def render_section(template_name: str, context: dict) -> SafeString:
    """A section's HTML, rendered without a request: no context processor runs, so no CSRF
    token, message or user can reach what every user with access is then served."""
    return mark_safe(render_to_string(template_name, context))  # noqa: S308 - our own templates, autoescaped


def permissions_key(user) -> str:
    """A short digest of the user's permission set (cached: common/permission_cache.py), for
    sections whose links depend on what the user may do: one role, one key."""
    granted = sorted(user.get_all_permissions())
    return hashlib.sha256("\n".join(granted).encode()).hexdigest()[:12]
