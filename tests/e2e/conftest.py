"""The browser suite: the machine's Chromium, driven by Playwright's sync API, against a live server.

Fixtures for journeys:
    live_url            the live server's address (pytest-django's live_server: a thread of this process on the
                        test database, SQLite or PostgreSQL; the test's data is visible to it)
    world               the demo-like province of tests/e2e/province.py (staff, procedures); build dossiers with
                        province.receive / to_result_ready / act
    page                a fresh browser tab (1280x800, Vietnamese), closed after the test
    login(page, user)   logs in through the form (password province.PASSWORD) and waits for the desk
    screenshot(page, name)  saves the full page to docs/screenshots/<name>.png

Without /usr/bin/chromium every test here is skipped with one clear message; a browser is never downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.province import PASSWORD, World, build_province

CHROMIUM = Path("/usr/bin/chromium")
SKIP_MESSAGE = "browser suite skipped: install chromium (apt-get install -y chromium)"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=SKIP_MESSAGE))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not CHROMIUM.exists():
        terminalreporter.write_line(f"== {SKIP_MESSAGE}", yellow=True, bold=True)


@pytest.fixture(scope="package", autouse=True)
def _patient_expectations():
    """Assertions wait as long as actions do: a busy CI machine renders a page in seconds, not milliseconds."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the whole suite (the machine's, never a download)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make between browser
    # steps are synchronous and safe, so Django's guard against ORM calls from async code is lifted meanwhile.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def world(transactional_db) -> World:
    return build_province()


@pytest.fixture
def page(browser, live_url):
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_url)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    # Anything the Content-Security-Policy blocks (an inline script or style) is a page that half works: fail.
    blocked: list[str] = []
    tab.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        yield tab
    finally:
        context.close()
    assert blocked == [], blocked


def _login(page, username: str, password: str = PASSWORD, *, expect_desk: bool = True) -> None:
    page.goto("/desk/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    if expect_desk:
        page.wait_for_url("**/desk/")
    else:
        page.wait_for_load_state()


@pytest.fixture
def login():
    """login(page, username, password=PASSWORD, expect_desk=True): through the log-in form, as a person would."""
    return _login


def _screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.set_viewport_size(VIEWPORT)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot():
    """screenshot(page, name): the full page as docs/screenshots/<name>.png."""
    return _screenshot
