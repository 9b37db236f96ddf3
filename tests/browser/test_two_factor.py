"""A person turns on two-factor sign-in in the browser and signs in with a code: no CSP problem on the way."""

import base64
import time
from pathlib import Path

import pytest
from django_otp.oath import TOTP

from config.roles import Role
from tests.browser.conftest import log_in, requires_chromium, save_screenshot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, requires_chromium]


def code_from_secret(secret: str, steps_ahead: int = 0) -> str:
    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    # Each code works once; the next 30-second step is still accepted (one step of tolerance).
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_enrol_with_the_app_then_sign_in_with_a_code(page, live_server, transactional_db):
    UserFactory(username="bea.browser", role=Role.EXECUTIVE.value)
    log_in(page, live_server, "bea.browser", PASSWORD)
    page.get_by_role("link", name="Two-factor").click()
    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    assert page.locator("figure.qr svg").is_visible()
    assert page.locator("figure.qr svg").bounding_box()["width"] > 100
    save_screenshot(page, "two-factor-enrolment", full_page=True)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code").fill(code_from_secret(secret))
    page.get_by_role("button", name="Turn on").click()
    assert page.get_by_role("heading", name="Recovery codes").is_visible()
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a text file").click()
    assert download.value.suggested_filename == "recovery-codes.txt"
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert all(code in saved for code in codes)

    page.get_by_role("button", name="Sign out").click()
    log_in(page, live_server, "bea.browser", PASSWORD)
    assert page.get_by_role("heading", name="Two-factor code").is_visible()
    page.get_by_label("Code").fill(code_from_secret(secret, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.problems == []
