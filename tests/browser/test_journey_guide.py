"""Journey: from the home page a reader answers one question at a time, across pages, until the
first lines of the fix and its link. Every step has its own URL (Back, Forward, reload, shared
links), also with Material's instant navigation.

The walks are taken from the built site's own data (flowcheck.json and the panels' JSON), so they
follow the charts as the content writers change them."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from browsing import serve
from guide_walk import chart_costs, guide_paths, panels, records, site_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def home(built_site: Path) -> dict:
    return panels((built_site / "index.html").read_text(encoding="utf-8"))[0]


@pytest.fixture(scope="module")
def walks(built_site: Path, home: dict) -> dict[str, list[str]]:
    """The shortest answers from the home page to each fix."""
    results, _ = guide_paths(records(built_site), home["entry"])
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    assert set(chart_costs(report)) <= set(results)
    return results


def step_hash(path: list[str]) -> str:
    return "#guide-1/" + "/".join(quote(step, safe="~") for step in path)


def wait_for_step(page, path: list[str]) -> None:
    """The URL changes before the guide redraws; wait for the redraw itself."""
    page.wait_for_selector(f'[data-guide][data-step="{"/".join(path)}"]', state="attached")


def answer(page, path: list[str], to: str) -> list[str]:
    page.locator(f'[data-guide] button[data-to="{to}"]').first.click()
    wait_for_step(page, path + [to])
    return path + [to]


def guide_text(page) -> str:
    return page.locator("[data-guide]").first.inner_text()


def test_every_fix_is_one_answer_per_question_away_and_shows_its_first_lines(visit, base_url, walks, built_site) -> None:
    """For each fix: open the step before the last answer by its URL, answer, and find the
    section's first lines and the link to it (the browser draws what guide.py computes)."""
    seen = visit(base_url)
    page = seen.page
    for target, path in walks.items():
        if len(path) > 1:
            page.evaluate("h => { location.hash = h; }", step_hash(path[:-1]))
            wait_for_step(page, path[:-1])
            answer(page, path[:-1], path[-1])
        read = page.locator("[data-guide] .flow-guide__read a")
        if read.count() and site_path(read.get_attribute("href")) == target:
            assert page.locator("[data-guide] .flow-guide__question").inner_text().startswith("解決方法: ")
            if not target.startswith("https://"):
                excerpt = page.locator("[data-guide] .flow-guide__excerpt")
                assert excerpt.count() == 1 and len(excerpt.inner_text()) > 10, target
            continue
        # a section with a chart of its own: the conversation goes on there, and the box that led to
        # it stays as a step with its link
        hrefs = page.locator("[data-guide] .flow-guide__steps a").evaluate_all("els => els.map(a => a.href)")
        assert target in {site_path(h.split("/", 3)[3]) for h in hrefs}, (target, hrefs)
    assert seen.errors == []


def test_a_walk_across_pages_with_trail_back_forward_reload_and_restart(visit, base_url, walks, home) -> None:
    """The longest walk from the home page goes on through other pages' charts without a restart;
    the trail keeps every answer; Back, Forward and reload show the same steps."""
    target, path = max(walks.items(), key=lambda item: (len(item[1]), item[0]))
    seen = visit(base_url)
    page = seen.page
    texts = [guide_text(page)]
    for i in range(1, len(path)):
        answer(page, path[:i], path[i])
        assert page.url.endswith(step_hash(path[:i + 1]))
        texts.append(guide_text(page))
        assert page.locator("[data-guide] .flow-guide__trail li").count() == i
    assert page.locator("[data-guide] .flow-guide__chart").count() == 1  # now in another page's chart
    assert site_path(page.locator("[data-guide] .flow-guide__read a").get_attribute("href")) == target
    page.go_back()
    wait_for_step(page, path[:-1])
    assert guide_text(page) == texts[-2]
    page.go_forward()
    wait_for_step(page, path)
    assert guide_text(page) == texts[-1]
    page.reload()
    wait_for_step(page, path)
    assert guide_text(page) == texts[-1]
    page.locator("[data-guide] .flow-guide__trail a").first.click()  # back to the first question
    wait_for_step(page, path[:1])
    assert guide_text(page) == texts[0]
    page.go_back()
    wait_for_step(page, path)
    page.get_by_role("link", name="最初から").click()
    wait_for_step(page, path[:1])
    assert guide_text(page) == texts[0]
    assert seen.errors == []


def test_a_step_that_asks_nothing_is_listed_with_its_links(visit, base_url, built_site) -> None:
    """A chart that starts with a thing to do (「console.aws.amazon.com を開く」) shows it, with
    the address as a link, above the first question: no extra click."""
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    for info in report["pages"].values():
        data = panels((built_site / (info["url"] or ".") / "index.html").read_text(encoding="utf-8"))
        first = data[0]["charts"][data[0]["entry"]] if data else None
        if first and "q" not in first["nodes"][first["start"]] and first["nodes"][first["start"]].get("urls"):
            break
    else:
        pytest.skip("no chart starts with a step that names an address")
    seen = visit(base_url + info["url"])
    page = seen.page
    steps = page.locator("[data-guide] .flow-guide__steps li").first
    link = first["nodes"][first["start"]]["urls"][0]
    assert steps.get_by_role("link", name=link["text"]).get_attribute("href") == link["url"]
    assert page.locator("[data-guide] .flow-guide__question").is_visible()
    assert page.locator("[data-guide] button[data-to]").count() >= 2


def test_keyboard_only_and_announced(visit, base_url, home) -> None:
    """Answers are real buttons reached by Tab; Enter answers; focus moves to the new question,
    which the live region (outside the panel) announces."""
    seen = visit(base_url)
    page = seen.page
    first = page.locator("[data-guide] button[data-to]").first
    to = first.get_attribute("data-to")
    first.focus()
    page.keyboard.press("Enter")
    start = home["charts"][home["entry"]]["start"]
    wait_for_step(page, [start, to])
    assert page.evaluate("document.activeElement.classList.contains('flow-guide__question')")
    question = page.locator("[data-guide] .flow-guide__question").inner_text()
    assert page.locator("[data-guide-live]").inner_text() == f"質問 2: {question}"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-guide]') !== null")


def test_a_broken_step_url_falls_back_to_the_first_question(visit, base_url, home) -> None:
    entry = home["charts"][home["entry"]]
    seen = visit(base_url + "#guide-1/" + entry["start"] + "/NOT-AN-ANSWER")
    question = entry["nodes"][entry["start"]]["label"]
    assert seen.page.locator("[data-guide] .flow-guide__question").inner_text() == question
    assert seen.errors == []


def test_without_javascript_the_chart_text_version_remains(browser, base_url) -> None:
    """No script: the answers cannot work, so the panel is hidden; the text version is there."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "troubleshooting/")
    assert page.locator("[data-guide]").count() >= 1
    assert all(not guide.is_visible() for guide in page.locator("[data-guide]").all())
    assert page.locator("details summary", has_text="文章で読む: サインインできないときの診断").count() == 1
    context.close()


# --- with Material's instant navigation ---------------------------------------------------------

@pytest.fixture(scope="module")
def instant_url(tmp_path_factory) -> str:
    """The real site with navigation.instant, served where its site_url says (Material follows
    only links it finds in sitemap.xml)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from sitebuild import ROOT

    site_dir = tmp_path_factory.mktemp("instant-site")
    server, url = serve(site_dir)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), site_url=url, strict=True)
    if "navigation.instant" not in config.theme["features"]:
        config.theme["features"].append("navigation.instant")
    build(config)
    yield url
    server.shutdown()


def test_with_instant_navigation_the_conversation_survives_page_changes(visit, instant_url, walks) -> None:
    """Answer on the home page, follow the result to its page without a reload, use that page's
    guide, then Back twice: the home page's step is shown again."""
    target, path = next((t, p) for t, p in sorted(walks.items(), key=lambda item: -len(item[1]))
                        if "#" in t and not t.startswith("https://") and not t.startswith("#"))
    seen = visit(instant_url)
    page = seen.page
    page.evaluate("window.__sameDocument = true")
    for i in range(1, len(path)):
        answer(page, path[:i], path[i])
    page.locator("[data-guide] .flow-guide__read a").click()
    page.wait_for_url(re.compile(re.escape(instant_url + target)))
    assert page.evaluate("window.__sameDocument === true")  # instant navigation: no reload
    guides = page.locator("[data-guide]")
    if guides.count():  # the fix's page has a guide of its own: it works after the swap
        step = guides.first.get_attribute("data-step")
        to = guides.first.locator("button[data-to]").first.get_attribute("data-to")
        guides.first.locator("button[data-to]").first.click()
        page.wait_for_selector(f'[data-guide][data-step="{step}/{to}"]', state="attached")
        page.go_back()
        page.wait_for_url(re.compile(re.escape(instant_url + target) + "$"))
    page.go_back()
    page.wait_for_url(re.compile(re.escape(step_hash(path)) + "$"))
    wait_for_step(page, path)
    assert page.evaluate("window.__sameDocument === true")
    assert site_path(page.locator("[data-guide] .flow-guide__read a").get_attribute("href")) == target
    assert seen.errors == []
