"""Journey: a reader follows the flowcharts from the home page to the page that fixes things."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browsing import wait_for_diagrams
from sitebuild import ROOT

pytestmark = pytest.mark.browser

PAGES = sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md"))


def url_of(src: str) -> str:
    """The built URL of a source file (use_directory_urls: true)."""
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def charts_on(built_site: Path, src: str) -> int:
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
    """No request leaves 127.0.0.1, no console error, diagrams render, links land on real ids;
    pages without diagrams load no Mermaid bytes."""
    seen = visit(base_url + url_of(src))
    expected = charts_on(built_site, src)
    if expected:
        wait_for_diagrams(seen.page, expected)
        links = [href for diagram in seen.diagram_links() for href in diagram]
        assert links, "a diagram without links"
        broken = [h for h in links if not landing_ok(built_site, base_url, urljoin(seen.page.url, h))]
        assert broken == []
    else:
        assert seen.page.locator("pre.mermaid, div.mermaid").count() == 0
        assert [u for u in seen.requests if "mermaid" in u] == []
    assert seen.outside_requests() == []
    assert seen.errors == []


def test_clicking_nodes_leads_to_the_fix_and_back_forward_redraws(visit, base_url) -> None:
    """Home → triage → MFA page by clicking diagram nodes; Back and Forward redraw the charts."""
    seen = visit(base_url)
    page = seen.page
    wait_for_diagrams(page, 1)
    page.locator("div.mermaid a", has_text="サインインできないときの診断へ").click()
    page.wait_for_url(re.compile(r"/troubleshooting/$"))
    wait_for_diagrams(page, 1)
    page.locator("div.mermaid a", has_text="MFA のトラブル").click()
    page.wait_for_url(re.compile(r"/troubleshooting/mfa/$"))
    wait_for_diagrams(page, 4)  # the MFA page: who, root user, lost root device, IAM user
    page.go_back()
    page.wait_for_url(re.compile(r"/troubleshooting/$"))
    wait_for_diagrams(page, 1)
    page.go_back()
    page.wait_for_url(base_url)
    wait_for_diagrams(page, 1)
    page.go_forward()
    page.wait_for_url(re.compile(r"/troubleshooting/$"))
    wait_for_diagrams(page, 1)
    assert seen.outside_requests() == []
    assert seen.errors == []


def test_anchor_links_scroll_to_the_section(visit, base_url) -> None:
    """A node linking to a section of another page opens that page at the heading."""
    seen = visit(base_url + "troubleshooting/mfa/")
    page = seen.page
    wait_for_diagrams(page, 4)
    page.locator("div.mermaid a", has_text="通らない").first.click()
    page.wait_for_url(re.compile(r"/troubleshooting/mfa/#code-rejected$"))
    assert page.locator("#code-rejected").is_visible()


def test_plain_page_to_diagram_page_by_navigation(visit, base_url) -> None:
    """From a page without diagrams, following the site navigation to a chart page draws it."""
    seen = visit(base_url + "glossary/")
    seen.page.locator("a.md-nav__link[href$='troubleshooting/']").first.click()
    seen.page.wait_for_url(re.compile(r"/troubleshooting/$"))
    wait_for_diagrams(seen.page, 1)
    assert seen.errors == []


CONTRAST = """() => {
  const canvas = document.createElement("canvas").getContext("2d");
  const rgba = c => { canvas.clearRect(0, 0, 1, 1); canvas.fillStyle = "#000"; canvas.fillStyle = c;
                      canvas.fillRect(0, 0, 1, 1); return [...canvas.getImageData(0, 0, 1, 1).data]; };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] / 255 + bottom[i] * (1 - top[3] / 255));
  const lum = rgb => { const l = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
  const page = rgba(getComputedStyle(document.body).backgroundColor);
  const root = document.querySelector("div.mermaid").shadowRoot;
  const ratios = [];
  for (const node of root.querySelectorAll(".node")) {
    const shape = node.querySelector("rect, polygon, path, circle");
    const label = node.querySelector(".nodeLabel, text");
    if (!shape || !label) continue;
    const fill = over(rgba(getComputedStyle(shape).fill), page.slice(0, 3));
    const text = over(rgba(getComputedStyle(label).color || getComputedStyle(label).fill), fill);
    const [a, b] = [lum(fill), lum(text)].sort((x, y) => y - x);
    ratios.push((a + 0.05) / (b + 0.05));
  }
  return {scheme: document.body.getAttribute("data-md-color-scheme"), min: Math.min(...ratios), count: ratios.length};
}"""


@pytest.mark.parametrize(("color_scheme", "material_scheme"), [("light", "default"), ("dark", "slate")])
def test_diagrams_are_readable_in_both_palettes(color_scheme, material_scheme, visit, base_url) -> None:
    """Node labels keep at least 4.5:1 contrast against their boxes in light and dark."""
    seen = visit(base_url + "troubleshooting/", color_scheme=color_scheme)
    wait_for_diagrams(seen.page, 1)
    result = seen.page.evaluate(CONTRAST)
    assert result["scheme"] == material_scheme
    assert result["count"] >= 9
    assert result["min"] >= 4.5, result


def test_palette_toggle_redraws_diagrams_in_the_other_scheme(visit, base_url) -> None:
    """Switching the palette with the header toggle keeps the diagram drawn and readable."""
    seen = visit(base_url + "troubleshooting/")
    page = seen.page
    wait_for_diagrams(page, 1)
    page.locator("label[for='__palette_1']").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    wait_for_diagrams(page, 1)
    assert page.evaluate(CONTRAST)["min"] >= 4.5


def test_mermaid_runs_at_the_strict_security_level(visit, base_url) -> None:
    """Plain click links work at 'strict'; nothing loosens it."""
    seen = visit(base_url + "troubleshooting/")
    wait_for_diagrams(seen.page, 1)
    assert seen.page.evaluate("window.mermaid.mermaidAPI.getConfig().securityLevel") == "strict"
