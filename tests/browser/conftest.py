"""Browser fixtures: the built site served on 127.0.0.1 and Debian's Chromium via Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS, Visit, serve
from playwright.sync_api import Browser, sync_playwright


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make browser' (apt-get install chromium fonts-noto-cjk)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def visit(browser: Browser) -> Iterator:
    contexts = []

    def open_page(url: str, color_scheme: str = "light", **context_options) -> Visit:
        context = browser.new_context(color_scheme=color_scheme, **context_options)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda msg: msg.type == "error" and seen.errors.append(msg.text))
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return seen

    yield open_page
    for context in contexts:
        context.close()
