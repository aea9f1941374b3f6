"""Journey: the guide is each chart's interactive mode. A reader answers one question at a time,
with the buttons or by tapping the boxes of the drawing, which marks where they are; an end that
leads to another chart goes on there; the last step shows the first lines of the fix and its link.
Every step has its own URL (Back, Forward, reload, shared links), also with instant navigation.

The walks are taken from the built site's own data (flowcheck.json and the panels' JSON), so they
follow the charts as the content writers change them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from browsing import serve
from guide_walk import chart_costs, guide_walks, hand_over, hand_over_url, panels, records, site_path

from guide import guide_view

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def charts(built_site: Path) -> dict[str, dict]:
    return records(built_site)


@pytest.fixture(scope="module")
def home(built_site: Path) -> dict:
    return panels((built_site / "index.html").read_text(encoding="utf-8"))[0]


@pytest.fixture(scope="module")
def walks(built_site: Path, charts: dict, home: dict) -> dict[str, tuple[int, str, list[str]]]:
    """The cheapest walk from the home page to each link target: (clicks, chart id, path, via)."""
    found = guide_walks(charts, home["entry"])
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    assert set(chart_costs(report, charts)) <= set(found)
    return found


def step_url(charts: dict, chart: str, path: list[str]) -> str:
    """A step's URL from the site root: the chart's page and #guide-N/…"""
    number = chart.rsplit("#", 1)[1]
    return charts[chart]["page"] + f"#guide-{number}/" + "/".join(quote(step, safe="~!*'()") for step in path)


def wait_for_step(page, path: list[str], chart: str | None = None) -> None:
    """The URL changes before the guide redraws; wait for the redraw itself."""
    number = f'[data-guide-chart="{chart.rsplit("#", 1)[1]}"]' if chart else ""
    page.wait_for_selector(f'[data-guide]{number}[data-step="{"/".join(path)}"]', state="attached")


def guide_text(page) -> str:
    return page.locator("[data-guide]").inner_text()


def drawn(page, number: str) -> dict:
    """What the drawing of chart ``number`` marks: node ids by class, and taken arrows."""
    return page.evaluate("""n => {
        const svg = document.querySelector(`figure[data-flowchart="${n}"] svg`), prefix = svg.id + "-flowchart-";
        const ids = cls => [...svg.querySelectorAll(`g.node.${cls}`)].map(g => g.id.slice(prefix.length).replace(/-[0-9]+$/, ""));
        return {current: ids("is-current"), taken: ids("is-taken"), answers: ids("is-answer"),
                arrows: [...svg.querySelectorAll(".edgePaths path.is-taken")].map(p => p.getAttribute("data-id"))};
    }""", number)


def in_chart_answer(charts: dict) -> tuple[str, str, str]:
    """A chart whose first question has an answer that stays in the chart (chart id, question, answer)."""
    for chart_id, record in sorted(charts.items()):
        start = guide_view(record, [record["start"]])
        if start["kind"] != "question" or start["steps"]:
            continue
        for to, _label in record["nodes"][start["node"]]["out"]:
            if guide_view(record, [record["start"], to])["kind"] in ("question", "result"):
                return chart_id, start["node"], to
    pytest.skip("no chart answers within itself")


def test_the_drawing_marks_the_step_and_a_tap_on_a_box_answers_like_its_button(visit, base_url, charts) -> None:
    """The current box is marked; tapping an answer's box in the drawing goes to the same step URL
    as its button, with the same panel; the box answered and its arrow are marked as taken; Back
    and Forward move the marks with the steps."""
    chart, question, to = in_chart_answer(charts)
    record, number = charts[chart], chart.rsplit("#", 1)[1]
    start = [record["start"]]
    seen = visit(base_url + step_url(charts, chart, start))
    page = seen.page
    wait_for_step(page, start, chart)
    marks = drawn(page, number)
    assert marks["current"] == [question] and marks["taken"] == [] and to in marks["answers"]
    svg = page.locator(f'figure[data-flowchart="{number}"] svg').get_attribute("id")
    page.locator(f'[id^="{svg}-flowchart-{to}-"]').click()  # the box itself (a link, when it has one)
    wait_for_step(page, start + [to], chart)
    tapped_url, tapped_text = page.url, guide_text(page)
    assert tapped_url == base_url + step_url(charts, chart, start + [to])  # a linked box did not navigate
    marks = drawn(page, number)
    assert question in marks["taken"] and marks["current"] == [guide_view(record, start + [to])["node"]]
    assert any(arrow.startswith(f"L_{question}_{to}_") for arrow in marks["arrows"])
    page.go_back()
    wait_for_step(page, start, chart)
    assert drawn(page, number)["current"] == [question] and drawn(page, number)["taken"] == []
    page.locator(f'[data-guide] button[data-to="{to}"]').click()
    wait_for_step(page, start + [to], chart)
    assert (page.url, guide_text(page)) == (tapped_url, tapped_text)  # the button: the same step
    page.go_back()
    page.go_forward()
    wait_for_step(page, start + [to], chart)
    assert question in drawn(page, number)["taken"]
    assert seen.errors == []


def test_every_fix_is_shown_with_its_first_lines_and_link(visit, base_url, charts, walks) -> None:
    """For a spread of fixes (every third, sorted): open the step that shows it by its URL and
    find the link to it (a result's also with the first lines of its section), or answer there
    and land on it (a hand-over to a heading)."""
    seen = visit(base_url)
    page = seen.page
    for target, (_cost, chart, path, via) in sorted(walks.items())[::3]:
        page.goto(base_url + step_url(charts, chart, path))
        wait_for_step(page, path, chart)
        if via is not None:
            page.locator(f'[data-guide] button[data-to="{via}"]' if via else "[data-guide] button[data-hop]").click()
            page.wait_for_url(base_url + quote(target, safe="/#~!*'()"))
            continue
        hrefs = [site_path(h.split("/", 3)[3]) if h.startswith("http://127") else h
                 for h in page.locator("[data-guide] a[href]").evaluate_all("els => els.map(a => a.href)")]
        assert target in hrefs, (target, chart, path, hrefs)
        view = guide_view(charts[chart], path)
        if view["kind"] == "result" and not target.startswith("https://"):
            assert page.locator("[data-guide] .flow-guide__question").inner_text().startswith("解決方法: ")
            assert len(page.locator("[data-guide] .flow-guide__excerpt").inner_text()) > 10, target
    assert seen.errors == []


def test_an_answer_that_leads_to_another_page_goes_on_in_its_chart(visit, base_url, charts, home) -> None:
    """From the home page an answer whose box links to a page (or heading) with a guided chart opens
    the box's own link, where that chart's first step is shown; Back returns to the home page."""
    record = charts[home["entry"]]
    start = guide_view(record, [record["start"]])
    to = next(to for to, _ in record["nodes"][start["node"]]["out"]
              if guide_view(record, [record["start"], to])["kind"] == "handover")
    url = hand_over_url(record, to)  # the heading the box links to, or the page at its chart's first step
    chart, first = hand_over(charts, record, to)
    seen = visit(base_url)
    page = seen.page
    page.locator(f'[data-guide] button[data-to="{to}"]').click()
    page.wait_for_url(base_url + quote(url, safe="/#~!*'()"))
    wait_for_step(page, first, chart)
    assert page.locator("[data-guide] button:visible").count() <= 6
    page.go_back()
    page.wait_for_url(base_url)
    wait_for_step(page, [record["start"]])
    assert seen.errors == []


def test_a_page_with_several_charts_asks_one_question_at_a_time(visit, base_url, built_site, charts) -> None:
    """One panel, before the first chart; each other chart has a link that starts its questions;
    following it moves the panel there. Never more than six answers on screen."""
    pages: dict[str, list[str]] = {}
    for chart_id in charts:
        pages.setdefault(chart_id.split("#")[0], []).append(chart_id)
    several = next((ids for ids in pages.values() if len(ids) >= 2), None)
    if several is None:
        pytest.skip("no page has two guided charts")
    seen = visit(base_url + charts[several[0]]["page"])
    page = seen.page
    assert page.locator("[data-guide]").count() == 1
    assert page.locator("[data-guide] button:visible").count() <= 6
    second = several[1].rsplit("#", 1)[1]
    page.locator(f'[data-guide-spot="{second}"] a').click()
    wait_for_step(page, [charts[several[1]]["start"]], several[1])
    assert page.evaluate(f"""() => {{
        const panel = document.querySelector("[data-guide]"), figure = document.querySelector('figure[data-flowchart="{second}"]');
        return panel.compareDocumentPosition(figure) & Node.DOCUMENT_POSITION_FOLLOWING; }}""")
    assert page.locator(f'[data-guide-spot="{second}"]').is_hidden()
    assert page.locator("[data-guide] button:visible").count() <= 6
    assert drawn(page, second)["current"]
    assert seen.errors == []


def test_no_question_twice_on_the_first_screen(visit, base_url, charts) -> None:
    """The panel points at the drawing's question instead of printing it again (phone and desktop)."""
    pages = sorted({record["page"] for record in charts.values()})
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
        seen = visit(base_url, viewport=viewport)
        for url in pages:
            seen.page.goto(base_url + url)
            twice = seen.page.evaluate("""() => {
                const seen = {};
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                    const el = n.parentElement, t = n.textContent.replace(/\\s+/g, "");
                    if (!el || el.closest("details:not([open]), [hidden], template, .md-sidebar, .md-search")) continue;
                    if (!/[？?]$/.test(t) || t.length < 4) continue;
                    const r = el.getBoundingClientRect();
                    if (r.bottom <= 0 || r.top >= innerHeight || !r.width || !r.height || !el.checkVisibility()) continue;
                    seen[t] = (seen[t] || 0) + 1;
                }
                return Object.keys(seen).filter(t => seen[t] > 1); }""")
            assert twice == [], (viewport, url)


def test_keyboard_only_and_announced(visit, base_url, charts) -> None:
    """Answers are real buttons reached by Tab; Enter answers; focus moves to the new answers,
    named by their question, which the live region (outside the panel) announces."""
    chart, _question, to = in_chart_answer(charts)
    record = charts[chart]
    seen = visit(base_url + step_url(charts, chart, [record["start"]]))
    page = seen.page
    page.locator(f'[data-guide] button[data-to="{to}"]').focus()
    page.keyboard.press("Enter")
    wait_for_step(page, [record["start"], to], chart)
    after = guide_view(record, [record["start"], to])
    page.wait_for_function("document.activeElement && document.activeElement.closest('[data-guide]') !== null")
    if after["kind"] == "question":
        label = record["nodes"][after["node"]]["label"]
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == label
        assert page.locator("[data-guide-live]").inner_text() == f"質問 2: {label}"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.localName") == "button"
    else:
        assert page.locator("[data-guide-live]").inner_text() == page.locator("[data-guide] .flow-guide__question").inner_text()


def test_a_broken_step_url_falls_back_to_the_first_question(visit, base_url, home) -> None:
    entry = home["charts"][home["entry"]]
    seen = visit(base_url + "#guide-1/" + entry["start"] + "/NOT-AN-ANSWER")
    wait_for_step(seen.page, [entry["start"]])
    assert seen.page.locator("[data-guide] .flow-guide__answers").get_attribute("aria-label") == \
        entry["nodes"][guide_view(entry, [entry["start"]])["node"]]["label"]
    assert seen.errors == []


def test_without_javascript_the_chart_links_and_its_text_version_remain(browser, base_url) -> None:
    """No script: the answers cannot work, so the panel and the spots are hidden; the drawing's
    boxes are real links and the text version is there, collapsed."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "troubleshooting/")
    assert page.locator("[data-guide]").count() == 1 and page.locator("[data-guide]").is_hidden()
    assert all(spot.is_hidden() for spot in page.locator(".flow-guide-spot").all())
    assert page.locator("figure.flow-figure svg a[data-flowcheck-node]").count() >= 2
    summary = page.locator("details summary", has_text="文章で読む: 何でサインインするかを選ぶ")
    assert summary.count() == 1 and page.locator("details:has(summary:has-text('文章で読む')):not([open])").count() >= 1
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


def test_with_instant_navigation_the_conversation_crosses_pages(visit, instant_url, charts, walks) -> None:
    """The walk to a fix on another page, without a reload: each hand-over opens the next chart
    at its step URL through instant navigation; the result links to the fix; Back returns to the
    previous step."""
    target, (_cost, chart, path, _via) = max(((t, w) for t, w in walks.items() if w[1] != "index.md#1" and w[3] is None),
                                             key=lambda item: (item[1][0], item[0]))
    seen = visit(instant_url)
    page = seen.page
    page.evaluate("window.__sameDocument = true")
    # replay the walk: the clicks from the home page to the step that shows the fix
    route = guide_route(charts, "index.md#1", chart, path)
    for step_chart, step_path, to in route:
        wait_for_step(page, step_path, step_chart)
        page.locator(f'[data-guide] button[data-to="{to}"]').click()
    wait_for_step(page, path, chart)
    assert page.evaluate("window.__sameDocument === true")  # instant navigation: no reload
    assert target in [site_path(h.removeprefix(instant_url)) for h in
                      page.locator("[data-guide] a[href]").evaluate_all("els => els.map(a => a.href)")]
    page.go_back()
    wait_for_step(page, route[-1][1], route[-1][0])
    assert page.evaluate("window.__sameDocument === true")
    assert seen.errors == []


def guide_route(charts: dict, entry: str, chart: str, path: list[str]) -> list[tuple[str, list[str], str]]:
    """The answers that lead from ``entry``'s start to (chart, path): (chart, path before, answer)."""
    from collections import deque

    queue = deque([(entry, [charts[entry]["start"]], [])])
    seen = set()
    while queue:
        here, steps, route = queue.popleft()
        if (here, tuple(steps)) in seen:
            continue
        seen.add((here, tuple(steps)))
        if (here, steps) == (chart, path):
            return route
        view = guide_view(charts[here], steps)
        for to, _ in ([(t, None) for t, _ in charts[here]["nodes"][view["node"]]["out"]] if view["kind"] == "question" else []):
            after = guide_view(charts[here], steps + [to])
            if after["kind"] == "handover" and not after["steps"]:
                queue.append((*hand_over(charts, charts[here], after["node"]), route + [(here, steps, to)]))
            else:
                queue.append((here, steps + [to], route + [(here, steps, to)]))
    pytest.fail(f"no route to {chart} {path}")
