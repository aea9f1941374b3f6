"""Journey: someone stuck at the IAM user sign-in types or pastes what they have (an account ID, an
alias, the sign-in URL, an e-mail address, an access portal ID or URL) and gets the account's sign-in
URL, or is told which sign-in they need instead, on a phone or a desktop, in either palette."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import serve
from playwright.sync_api import Browser, Page, expect
from sitebuild import ROOT, build_site

pytestmark = pytest.mark.browser
WCAG = {"resultTypes": ["violations"],
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

ROOT_PAGE = "root-sign-in/#steps"
PORTAL_PAGE = "access-portal/#steps"
FROM_URL = "貼り付けた URL から取り出しました。"
URL_HAS_NO_ACCOUNT = ("この URL にはアカウント ID もエイリアスも入っていません。https://（アカウント ID かエイリアス）"
                      ".signin.aws.amazon.com/console の形の URL か、アカウント ID かエイリアスだけを入力してください。")
ROOT_USER = ("メールアドレスでサインインするのはルートユーザーです。ルートユーザーの手順でサインインしてください: "
             "ルートユーザーでサインインする。IAM ユーザーなら、ここにはメールアドレスではなくアカウント ID かエイリアスを入力します。")
CHARACTERS = "エイリアスに使えるのは英字 a-z、数字 0-9、ハイフン - だけです（「{}」は使えません）。"


def signin_url(value: str) -> str:
    return f"https://{value}.signin.aws.amazon.com/console/"


def account_id(value: str, note: str = "") -> tuple:
    return ("ok", note, f"アカウント ID {value} のサインイン URL: {signin_url(value)}", [signin_url(value)])


def alias(value: str, note: str = "") -> tuple:
    return ("ok", note, f"エイリアス {value} のサインイン URL: {signin_url(value)}", [signin_url(value)])


def lowercased(typed: str) -> str:
    return f"エイリアスは小文字だけなので、{typed} を小文字にしました。"


def digits_alias(count: int) -> str:
    return f"12 桁の数字ではないので、エイリアスとして扱いました（アカウント ID なら 12 桁です。入力は {count} 桁）。"


def portal_id(value: str) -> tuple:
    url = f"https://{value}.awsapps.com/start"
    return ("notice", "", f"{value} はアクセスポータル（IAM Identity Center）の ID です。IAM ユーザーのアカウント ID や"
            f"エイリアスではありません。ポータルは初期設定ではこの URL で開きます: {url}（管理者が URL を変えている場合は、"
            "届いた URL を使います）。手順: アクセスポータルでサインインする", [url, PORTAL_PAGE])


def portal_url(url: str) -> tuple:
    return ("notice", "", "これはアクセスポータル（IAM Identity Center）の URL です。IAM ユーザーのサインイン URL ではありません。"
            f"ポータルはこの URL で開きます: {url}。手順: アクセスポータルでサインインする", [url, PORTAL_PAGE])


def refused(reason: str) -> tuple:
    return ("error", "", reason, [])


ROOT_ANSWER = ("notice", "", ROOT_USER, [ROOT_PAGE])

# typed or pasted -> (state, note, message, links); links to our pages are relative to the site root
CASES = [
    # account IDs: only a 12-digit number, however it is written
    ("123456789012", account_id("123456789012")),
    ("012345678901", account_id("012345678901")),  # leading zero kept
    ("1234-5678-9012", account_id("123456789012")),  # as the console's account menu shows it
    ("1234 5678 9012", account_id("123456789012")),
    ("１２３４５６７８９０１２", account_id("123456789012")),  # full-width digits
    ("１２３４－５６７８－９０１２", account_id("123456789012")),
    ("1234ー5678ー9012", account_id("123456789012")),  # long-vowel mark typed for a hyphen
    # a pasted sign-in URL: the ID or alias is taken from it
    ("https://123456789012.signin.aws.amazon.com/console", account_id("123456789012", FROM_URL)),
    ("https://123456789012.signin.aws.amazon.com/console/", account_id("123456789012", FROM_URL)),
    ("https://123456789012.signin.aws.amazon.com/console?region=ap-northeast-1", account_id("123456789012", FROM_URL)),
    ("123456789012.signin.aws.amazon.com", account_id("123456789012", FROM_URL)),
    ("123456789012.signin.aws.amazon.com/console/", account_id("123456789012", FROM_URL)),
    ("http://my-corp.signin.aws.amazon.com/console", alias("my-corp", FROM_URL)),
    ("https://MyCorp.signin.aws.amazon.com/console/", alias("mycorp", FROM_URL + lowercased("MyCorp"))),
    # aliases
    ("  example-corp  ", alias("example-corp")),
    ("abc", alias("abc")),
    ("a" * 63, alias("a" * 63)),
    ("12345678901a", alias("12345678901a")),
    ("my-team-2", alias("my-team-2")),
    ("ｍｙｃｏｒｐ", alias("mycorp")),  # full-width letters
    ("MyCorp", alias("mycorp", lowercased("MyCorp"))),
    ("ＭＹＣＯＲＰ", alias("mycorp", lowercased("MYCORP"))),
    # all-digit and digit-and-hyphen aliases: only 12 digits make an account ID
    ("2024", alias("2024", digits_alias(4))),
    ("123-456", alias("123-456", digits_alias(6))),
    ("123", alias("123", digits_alias(3))),
    ("12345678901", alias("12345678901", digits_alias(11))),
    ("1234567890123", alias("1234567890123", digits_alias(13))),
    # an e-mail address: that is the root user
    ("taro@example.com", ROOT_ANSWER),
    ("Taro.Yamada+aws@example.co.jp", ROOT_ANSWER),
    ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", ROOT_ANSWER),
    # IAM Identity Center: the access portal
    ("d-1234567890", portal_id("d-1234567890")),
    ("D-90670A1B2C", portal_id("d-90670a1b2c")),
    ("https://d-1234567890.awsapps.com/start", portal_url("https://d-1234567890.awsapps.com/start")),
    ("https://d-1234567890.awsapps.com/start/#/?tab=accounts", portal_url("https://d-1234567890.awsapps.com/start")),
    ("my-company.awsapps.com/start", portal_url("https://my-company.awsapps.com/start")),
    ("https://MyCompany.awsapps.com/start", portal_url("https://mycompany.awsapps.com/start")),
    ("https://ssoins-111111h2222j33pp.eu-west-1.portal.amazonaws.com",
     portal_url("https://ssoins-111111h2222j33pp.eu-west-1.portal.amazonaws.com/")),
    ("https://ssoins-7223a1b2c3d4e5f6.portal.ap-northeast-1.app.aws",
     portal_url("https://ssoins-7223a1b2c3d4e5f6.portal.ap-northeast-1.app.aws/")),
    # refused, with the reason
    ("1234 5678 901", refused("アカウント ID は 12 桁の数字です（入力は 11 桁）。")),
    ("1234 5678 90123", refused("アカウント ID は 12 桁の数字です（入力は 13 桁）。")),
    ("1234-5678-901-", refused("アカウント ID は 12 桁の数字です（入力は 11 桁）。")),
    ("my corp", refused("エイリアスに空白は使えません。")),
    ("my_corp", refused(CHARACTERS.format("_"))),
    ("My_Corp", refused(CHARACTERS.format("_"))),
    ("my.corp", refused(CHARACTERS.format("."))),
    ("会社", refused(CHARACTERS.format("会"))),
    ("taro@", refused(CHARACTERS.format("@"))),
    ("ab", refused("エイリアスは 3 文字以上です（入力は 2 文字）。")),
    ("a" * 64, refused("エイリアスは 63 文字以内です（入力は 64 文字）。")),
    ("-corp", refused("エイリアスの先頭と末尾にハイフンは使えません。")),
    ("corp-", refused("エイリアスの先頭と末尾にハイフンは使えません。")),
    ("my--corp", refused("エイリアスにハイフンを 2 つ続けることはできません。")),
    ("https://console.aws.amazon.com/console/home", refused(URL_HAS_NO_ACCOUNT)),
    ("https://signin.aws.amazon.com/signin?redirect_uri=x", refused(URL_HAS_NO_ACCOUNT)),
    ("https://ap-northeast-1.signin.aws.amazon.com/oauth?client_id=x", refused(URL_HAS_NO_ACCOUNT)),
    ("https://example.com/", refused(URL_HAS_NO_ACCOUNT)),
]
SCREENS = [pytest.param((width, scheme), id=f"{width}px-{scheme}")
           for width in (390, 1280) for scheme in ("light", "dark")]

# Every localStorage/sessionStorage write and cookie set, from before the page's own scripts run.
SPY = """
window.__writes = [];
const setItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) { window.__writes.push("storage:" + key); return setItem.call(this, key, value); };
const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
Object.defineProperty(Document.prototype, "cookie", {get() { return cookie.get.call(this); },
  set(value) { window.__writes.push("cookie:" + value); cookie.set.call(this, value); }});
"""

# What is shown: the note, the message, its links, the state, and the weakest contrast of any text in it.
ANSWER = """() => {
  const output = document.querySelector("#signin-account-result");
  const input = document.querySelector("#signin-account");
  const text = sel => { const node = output.querySelector(sel); return node ? node.textContent : ""; };
  const rgba = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = node => {
    const layers = [];
    for (; node; node = node.parentElement) layers.push(rgba(getComputedStyle(node).backgroundColor));
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const contrast = node => { const bg = background(node); const fg = over(rgba(getComputedStyle(node).color), bg);
                             const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x); return (a + 0.05) / (b + 0.05); };
  const parts = [output, ...output.querySelectorAll("span, a, button")];
  const style = getComputedStyle(output);
  const box = output.getBoundingClientRect();
  return {
    state: output.getAttribute("data-state") || "", note: text(".signin-url-builder__note"),
    message: text(".signin-url-builder__message"),
    links: [...output.querySelectorAll(".signin-url-builder__message a")].map(a => a.href),
    copy: output.querySelectorAll("button").length, invalid: input.getAttribute("aria-invalid"),
    live: output.getAttribute("aria-live"), describes: input.getAttribute("aria-describedby") === output.id,
    contrast: Math.min(...parts.map(contrast)),
    border: parseFloat(style.borderLeftWidth), tinted: style.backgroundColor !== "rgba(0, 0, 0, 0)",
    fits: box.right <= document.documentElement.clientWidth && document.documentElement.scrollWidth <= window.innerWidth,
    scheme: document.body.getAttribute("data-md-color-scheme"),
  };
}"""


class Screen:
    """The URL builder page in one viewport and palette, with what it requested and stored."""

    def __init__(self, browser: Browser, url: str, width: int, scheme: str) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
        self.context.add_init_script(SPY)
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.box = self.page.get_by_label("アカウント ID（12 桁）またはアカウントエイリアス")

    def answer(self, typed: str) -> dict:
        """Type (paste) the text and return what is shown, after checking that nothing left the page."""
        before = len(self.requests)
        self.page.evaluate("window.__writes = []")
        self.box.fill(typed)
        shown = self.page.evaluate(ANSWER)
        assert self.requests[before:] == [], "typing must not request anything"
        assert self.page.evaluate("window.__writes") == [], "typing must not store anything"
        return shown


@pytest.fixture(scope="module")
def screens(browser, base_url):
    opened: dict[tuple[int, str], Screen] = {}

    def screen(width: int, scheme: str, url: str = base_url + "iam-sign-in/") -> Screen:
        if (width, scheme, url) not in opened:
            opened[width, scheme, url] = Screen(browser, url, width, scheme)
        return opened[width, scheme, url]

    yield screen
    for opened_screen in opened.values():
        opened_screen.context.close()


@pytest.mark.parametrize("screen_size", SCREENS)
@pytest.mark.parametrize(("typed", "expected"), CASES)
def test_each_input_gets_its_answer(typed, expected, screen_size, screens, base_url) -> None:
    """The exact answer and its links, in the live region, styled for its state, readable, on screen."""
    width, scheme = screen_size
    state, note, message, links = expected
    shown = screens(width, scheme).answer(typed)
    assert shown["scheme"] == ("slate" if scheme == "dark" else "default")
    assert (shown["state"], shown["note"], shown["message"]) == (state, note, message)
    assert shown["links"] == [urljoin(base_url, link) for link in links]
    assert shown["copy"] == (1 if state == "ok" else 0)
    assert (shown["live"], shown["describes"]) == ("polite", True)
    assert shown["invalid"] == ("true" if state == "error" else "false")
    assert shown["contrast"] >= 4.5, shown
    if state == "ok":
        assert (shown["border"], shown["tinted"]) == (0, False)
    else:  # a tinted box with a thick left border, not colour alone
        assert shown["border"] >= 3 and shown["tinted"]
    assert shown["fits"]


def test_error_and_notice_look_different_from_each_other_and_from_a_url(screens) -> None:
    screen = screens(1280, "light")
    looks = {}
    for typed in ("123456789012", "taro@example.com", "my_corp"):
        screen.answer(typed)
        looks[typed] = screen.page.evaluate("""() => { const s = getComputedStyle(document.querySelector("#signin-account-result"));
            return [s.color, s.backgroundColor, s.borderLeftColor, getComputedStyle(document.querySelector("#signin-account-result"), "::before").content]; }""")
    assert len({tuple(look) for look in looks.values()}) == 3
    assert looks["my_corp"][3].startswith('"⚠') and looks["taro@example.com"][3].startswith('"➜')


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violation_in_any_state(scheme, screens) -> None:
    """axe-core (WCAG 2.1 A and AA) on the builder showing a URL, a note, each notice and an error."""
    screen = screens(390, scheme)
    found = []
    for typed in ("MyCorp", "taro@example.com", "d-1234567890", "https://d-1234567890.awsapps.com/start", "my_corp"):
        screen.answer(typed)
        violations = Axe().run(screen.page, context=".signin-url-builder", options=WCAG).response["violations"]
        found += [f"{typed}: {v['id']} x{len(v['nodes'])}" for v in violations]
    assert found == []


def test_clearing_the_field_clears_the_answer(screens) -> None:
    screen = screens(390, "light")
    screen.answer("my_corp")
    shown = screen.answer("")
    assert (shown["state"], shown["message"], shown["invalid"]) == ("", "", None)


EMPTY = ("アカウント ID（12 桁の数字）かアカウントエイリアスを入力してください。"
         "サインイン URL（https://….signin.aws.amazon.com/console）を貼り付けても作れます。")


@pytest.mark.parametrize("typed", ["", "   "])
def test_enter_on_an_empty_field_says_what_to_type_in_the_live_region(typed, screens) -> None:
    """Issue 16: pressing Enter with nothing typed used to announce nothing."""
    screen = screens(390, "light")
    screen.answer("")
    screen.box.fill(typed)
    screen.box.press("Enter")
    screen.page.wait_for_function("document.querySelector('#signin-account-result').textContent !== ''")
    shown = screen.page.evaluate(ANSWER)
    assert (shown["state"], shown["message"], shown["invalid"], shown["live"]) == ("error", EMPTY, "true", "polite")
    assert screen.page.evaluate("document.activeElement.id") == "signin-account"
    # typing replaces the request with the answer; Enter on a filled field shows that answer again
    shown = screen.answer("MyCorp")
    screen.box.press("Enter")
    screen.page.wait_for_function("document.querySelector('#signin-account-result button') !== null")
    assert screen.page.evaluate(ANSWER)["message"] == shown["message"]


def test_typing_key_by_key_sends_and_stores_nothing(screens) -> None:
    """Every keystroke of a pasted URL, an e-mail address and an alias: no request, no storage, no cookie."""
    screen = screens(1280, "dark")
    before = len(screen.requests)
    screen.page.evaluate("window.__writes = []")
    for typed in ("https://123456789012.signin.aws.amazon.com/console", "taro@example.com", "My--Corp"):
        screen.box.fill("")
        screen.box.press_sequentially(typed)
    assert screen.requests[before:] == []
    assert screen.page.evaluate("window.__writes") == []
    assert screen.page.evaluate("document.cookie") == ""
    stored = screen.page.evaluate("""() => [localStorage, sessionStorage].flatMap(s =>
        Object.keys(s).map(k => k + "=" + s.getItem(k))).join(" ")""")
    assert not any(word in stored.lower() for word in ("5678", "taro", "corp"))


def test_copy_button_copies_the_url(browser, base_url) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "iam-sign-in/")
    page.get_by_label("アカウント ID（12 桁）またはアカウントエイリアス").fill("1234-5678-9012")
    page.get_by_role("button", name="コピー").click()
    page.get_by_role("button", name="コピーしました").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == signin_url("123456789012")
    context.close()


def test_a_new_page_from_document_observable_gets_a_working_builder(screens) -> None:
    """Instant navigation swaps the page and emits document$: the new builder works, bound once."""
    page = screens(1280, "light").page
    page.evaluate("""() => { const old = document.querySelector("[data-signin-url-builder]");
        const fresh = old.cloneNode(true); delete fresh.dataset.mounted; fresh.hidden = true;
        fresh.querySelector("output").textContent = ""; old.replaceWith(fresh);
        document$.next(document); document$.next(document); }""")
    screen = screens(1280, "light")
    shown = screen.answer("2024")
    assert (shown["state"], shown["message"]) == ("ok", "エイリアス 2024 のサインイン URL: " + signin_url("2024"))
    assert page.locator("[data-signin-url-builder]").is_visible()
    assert page.locator("#signin-account-result button").count() == 1


# The site as hosted under a sub-path, with .html page URLs and instant navigation: the links in the
# answers follow the site's URL style and lead to the right section.
PREFIX = "aws-signin-guide"


@pytest.fixture(scope="module")
def hosted_flat(tmp_path_factory):
    """The site with use_directory_urls: false and navigation.instant, served under /aws-signin-guide/."""
    from mkdocs.config import load_config

    theme = load_config(str(ROOT / "mkdocs.yml")).theme
    instant = {"name": theme.name, "custom_dir": theme.custom_dir, "language": theme["language"],
               "font": theme["font"], "palette": theme["palette"],
               "features": [*theme["features"], "navigation.instant"]}
    site_dir = tmp_path_factory.mktemp("flat")
    server, url = serve(site_dir, PREFIX)
    with pytest.MonkeyPatch.context() as patch:
        # Material's instant navigation takes the sitemap's URLs with their port, so site_url is the served one
        patch.setenv("SITE_URL", url)
        build_site(ROOT / "mkdocs.yml", site_dir=str(site_dir), use_directory_urls=False, theme=instant)
    yield url
    server.shutdown()


@pytest.mark.parametrize(("typed", "link", "title"), [
    ("taro@example.com", "root-sign-in.html#steps", "ルートユーザーでサインインする"),
    ("d-1234567890", "access-portal.html#steps", "アクセスポータル（IAM Identity Center）でサインインする"),
])
def test_answer_links_work_with_html_urls_under_a_sub_path_after_instant_navigation(
        typed, link, title, hosted_flat, browser) -> None:
    """Reached by instant navigation (document$), on a site with .html URLs under a sub-path."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(hosted_flat + "user-types.html")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.notReloaded = true")
    page.locator("article p > a[href$='iam-sign-in.html']").first.click()
    page.wait_for_url(f"**/{PREFIX}/iam-sign-in.html")
    assert page.evaluate("window.notReloaded") is True  # instant navigation: the page was swapped, not loaded
    page.get_by_label("アカウント ID（12 桁）またはアカウントエイリアス").fill(typed)
    target = page.locator("#signin-account-result .signin-url-builder__message a").last
    assert target.get_attribute("href") == urljoin(hosted_flat, link)
    target.click()
    page.wait_for_url(f"**/{PREFIX}/{link}")
    # instant navigation changes the URL before it swaps the page in: wait for the new heading
    expect(page.locator("h1")).to_contain_text(title)
    assert page.locator("h1").inner_text().startswith(title)
    expect(page.locator("#steps")).to_be_visible()
    context.close()
