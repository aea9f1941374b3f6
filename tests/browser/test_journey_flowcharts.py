"""Journey: a reader follows the flowcharts from the home page to the page that fixes things."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browsing import CHART, charts_on
from sitebuild import ROOT

pytestmark = pytest.mark.browser

PAGES = sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md"))


def url_of(src: str) -> str:
    """The built URL of a source file (use_directory_urls: true)."""
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def charts_in_report(built_site: Path, src: str) -> int:
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    return sum(1 for chart in report["charts"] if chart["page"] == src)


def landing_ok(built_site: Path, base_url: str, absolute: str) -> bool:
    """True when the link lands on a built page and, if it names one, an element id there."""
    parts = urlsplit(absolute)
    path = unquote(parts.path[len(urlsplit(base_url).path):])
    file = built_site / path / "index.html" if path.endswith("/") or not path else built_site / path
    if not file.is_file():
        return False
    return not parts.fragment or f'id="{parts.fragment}"' in file.read_text(encoding="utf-8")


@pytest.mark.parametrize("src", PAGES)
def test_page_loads_clean_and_every_diagram_link_lands(src, visit, base_url, built_site) -> None:
    """No request leaves 127.0.0.1, no console error, no Mermaid JavaScript on any page, every
    chart is inline SVG whose links land on real ids."""
    seen = visit(base_url + url_of(src))
    expected = charts_in_report(built_site, src)
    charts_on(seen.page, expected)
    if expected:
        links = [href for diagram in seen.diagram_links() for href in diagram]
        assert links and None not in links, "a chart without links, or a link without href"
        broken = [h for h in links if not landing_ok(built_site, base_url, urljoin(seen.page.url, h))]
        assert broken == []
    assert seen.page.locator(".mermaid").count() == 0
    assert [u for u in seen.requests if "mermaid" in u] == []
    assert seen.page.evaluate("typeof window.mermaid") == "undefined"
    assert seen.outside_requests() == []
    assert seen.errors == []


def test_clicking_nodes_leads_to_the_fix_and_back_forward_redraws(visit, base_url) -> None:
    """Home → triage → its root user question (same page) → the MFA page's root section by clicking
    chart boxes; Back and Forward show the charts again. A box that leads to a page with a chart opens it
    at the first step of that chart's guide (#guide-1/…), one that leads to a heading opens the heading."""
    seen = visit(base_url)
    page = seen.page
    chart_link = "figure.flow-figure svg a"
    page.locator(chart_link, has_text="診断へ").first.click()
    page.wait_for_url(re.compile(r"/troubleshooting/(#guide-1/[^/#]+)?$"))
    assert charts_on(page) >= 2
    page.locator(chart_link, has_text="ルートユーザーのメールアドレス").first.click()
    page.wait_for_url(re.compile(r"/troubleshooting/#root$"))
    page.locator(f"{chart_link}[*|href$='mfa/#root-mfa']").first.click()
    page.wait_for_url(re.compile(r"/troubleshooting/mfa/#root-mfa$"))
    charts_on(page, 2)  # the MFA page: whose MFA, then the root user's troubles
    page.go_back()
    page.wait_for_url(re.compile(r"/troubleshooting/#root$"))
    assert charts_on(page) >= 2
    page.go_forward()
    page.wait_for_url(re.compile(r"/troubleshooting/mfa/#root-mfa$"))
    charts_on(page, 2)
    assert seen.outside_requests() == []
    assert seen.errors == []


def test_anchor_links_scroll_to_the_section(visit, base_url) -> None:
    """A box that answers a question answers it, like its button in the guide: the step's own URL,
    the fix's first lines and its link; the link opens the section at its heading."""
    seen = visit(base_url + "troubleshooting/mfa/")
    page = seen.page
    charts_on(page, 2)
    page.locator("figure.flow-figure svg a", has_text="コードやキーが通らない").first.click()
    page.wait_for_url(re.compile(r"/troubleshooting/mfa/#guide-\d+/[^#]+$"))
    page.locator("[data-guide] .flow-guide__read a").click()
    page.wait_for_url(re.compile(r"/troubleshooting/mfa/#code-rejected$"))
    assert page.locator("#code-rejected").is_visible()


def test_plain_page_to_diagram_page_by_navigation(visit, base_url) -> None:
    """From a page without diagrams, following the site navigation to a chart page draws it."""
    seen = visit(base_url + "glossary/")
    seen.page.locator("a.md-nav__link[href$='troubleshooting/']").first.click()
    seen.page.wait_for_url(re.compile(r"/troubleshooting/$"))
    assert charts_on(seen.page) >= 2
    assert seen.errors == []


CONTRAST = """() => {
  const canvas = document.createElement("canvas").getContext("2d");
  const rgba = c => { canvas.clearRect(0, 0, 1, 1); canvas.fillStyle = "#000"; canvas.fillStyle = c;
                      canvas.fillRect(0, 0, 1, 1); return [...canvas.getImageData(0, 0, 1, 1).data]; };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] / 255 + bottom[i] * (1 - top[3] / 255));
  const lum = rgb => { const l = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
  const page = rgba(getComputedStyle(document.body).backgroundColor);
  const ratios = [];
  for (const group of document.querySelectorAll("figure.flow-figure svg :is(.node, g.edgeLabel)")) {
    const shape = group.querySelector("rect:not(.flowcheck-hit), polygon, path, circle");
    const label = group.querySelector("text, p, span");
    if (!label || !label.textContent.trim()) continue;
    let back = page.slice(0, 3);
    if (shape) back = over(rgba(getComputedStyle(shape).fill), back);
    const box = getComputedStyle(label).backgroundColor;
    if (box) back = over(rgba(box), back);
    // SVG text is drawn in its fill, HTML in its colour
    const text = over(rgba(label instanceof SVGElement ? getComputedStyle(label).fill : getComputedStyle(label).color), back);
    const [a, b] = [lum(back), lum(text)].sort((x, y) => y - x);
    ratios.push((a + 0.05) / (b + 0.05));
  }
  return {scheme: document.body.getAttribute("data-md-color-scheme"), min: Math.min(...ratios), count: ratios.length};
}"""


@pytest.mark.parametrize(("color_scheme", "material_scheme"), [("light", "default"), ("dark", "slate")])
def test_diagrams_are_readable_in_both_palettes(color_scheme, material_scheme, visit, base_url) -> None:
    """Node and answer labels keep at least 4.5:1 contrast against their boxes in light and dark."""
    seen = visit(base_url + "troubleshooting/", color_scheme=color_scheme)
    result = seen.page.evaluate(CONTRAST)
    assert result["scheme"] == material_scheme
    assert result["count"] >= 9
    assert result["min"] >= 4.5, result


def test_palette_toggle_restyles_the_same_chart(visit, base_url) -> None:
    """Switching the palette with the header toggle restyles the one inline chart (no baked-in colours)."""
    seen = visit(base_url + "troubleshooting/")
    page = seen.page
    charts = charts_on(page)
    page.locator("label[for='__palette_1']").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    charts_on(page, charts)
    assert page.evaluate(CONTRAST)["min"] >= 4.5


SIZES = """() => [...document.querySelectorAll("figure.flow-figure svg")].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll(":is(.node, .edgeLabel) :is(text, p, span)")]
    .filter(el => el.textContent.trim()).map(el => parseFloat(getComputedStyle(el).fontSize) * scale);
  const links = [...svg.querySelectorAll("a")].map(a => { const r = a.getBoundingClientRect(); return Math.min(r.width, r.height); });
  return {label: Math.min(...labels), link: Math.min(...links), labels: labels.length};
})"""
VIEWPORTS = {"desktop": ({"width": 1280, "height": 800}, 14), "phone": ({"width": 390, "height": 844}, 12)}


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("src", ["index.md", "troubleshooting/index.md", "troubleshooting/mfa.md"])
def test_charts_are_readable_on_a_desktop_and_a_phone(src, viewport, visit, base_url) -> None:
    """Labels at least 14 px on a 1280 px desktop and 12 px on a 390 px phone, every link at least
    24 px (WCAG 2.5.8), and the page itself never scrolls sideways (a wide chart scrolls in its box)."""
    size, smallest_label = VIEWPORTS[viewport]
    options = {"viewport": size, "is_mobile": viewport == "phone", "has_touch": viewport == "phone"}
    page = visit(base_url + url_of(src), **options).page
    for chart in page.evaluate(SIZES):
        assert chart["labels"] > 0, chart  # labels found, so the minimum is measured
        assert chart["label"] >= smallest_label, chart
        assert chart["link"] >= 24, chart
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.documentElement.clientWidth")


def test_desktop_content_column_is_what_the_readability_rule_assumes(visit, base_url) -> None:
    """The readability rule's desktop_width is Material's content column at 1280 px (its
    desktop_width_without_toc the same with the table of contents hidden, as 'hide: [toc]' does), and
    its mobile_width the column at 390 px."""
    from flowcheck import Readability

    column = "document.querySelector('.md-content .md-typeset').clientWidth"
    page = visit(base_url + "troubleshooting/", viewport={"width": 1280, "height": 800}).page
    assert page.evaluate(column) == Readability().desktop_width
    page.evaluate("document.querySelector('.md-sidebar--secondary').hidden = true")
    assert page.evaluate(column) == Readability().desktop_width_without_toc
    page = visit(base_url + "troubleshooting/", viewport={"width": 390, "height": 844}, is_mobile=True).page
    assert page.evaluate(column) == Readability().mobile_width


def test_charts_show_at_first_paint_without_javascript(browser, base_url) -> None:
    """The chart is in the HTML: with JavaScript off it is drawn, its links are real <a href>."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "troubleshooting/")
    assert page.locator(CHART).first.is_visible()
    assert page.locator(f"{CHART} a[*|href]").count() >= 9
    assert page.locator(CHART).first.get_attribute("aria-roledescription") == "flowchart-v2"
    context.close()


def test_focused_chart_link_shows_a_visible_ring(visit, base_url) -> None:
    """A chart link reached with the keyboard is drawn with a thick accent outline."""
    page = visit(base_url + "troubleshooting/").page
    link = page.locator(f"{CHART} a").first
    link.focus()
    width = link.evaluate("""a => { const shape = a.querySelector(".node rect, .node polygon, rect.flowcheck-hit");
        return parseFloat(getComputedStyle(shape).strokeWidth); }""")
    assert width >= 3
