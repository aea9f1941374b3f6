"""Journey: an IAM user types their account ID or alias and gets the sign-in URL to open."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VALID = [
    ("123456789012", "id", "https://123456789012.signin.aws.amazon.com/console/"),
    ("012345678901", "id", "https://012345678901.signin.aws.amazon.com/console/"),  # leading zero kept
    ("1234-5678-9012", "id", "https://123456789012.signin.aws.amazon.com/console/"),
    ("1234 5678 9012", "id", "https://123456789012.signin.aws.amazon.com/console/"),
    ("１２３４５６７８９０１２", "id", "https://123456789012.signin.aws.amazon.com/console/"),  # full width
    ("  example-corp  ", "alias", "https://example-corp.signin.aws.amazon.com/console/"),
    ("abc", "alias", "https://abc.signin.aws.amazon.com/console/"),
    ("a" * 63, "alias", f"https://{'a' * 63}.signin.aws.amazon.com/console/"),
    ("12345678901a", "alias", "https://12345678901a.signin.aws.amazon.com/console/"),
    ("my-team-2", "alias", "https://my-team-2.signin.aws.amazon.com/console/"),
    ("ｍｙｃｏｒｐ", "alias", "https://mycorp.signin.aws.amazon.com/console/"),  # full-width letters
]
INVALID = [
    ("", "アカウント ID（12 桁の数字）かアカウントエイリアスを入力してください。"),
    ("12345678901", "アカウント ID は 12 桁の数字です（入力は 11 桁）。"),
    ("1234-5678-90123", "アカウント ID は 12 桁の数字です（入力は 13 桁）。"),
    ("my corp", "エイリアスに空白は使えません。"),
    ("MyCorp", "エイリアスに大文字は使えません。小文字で入力してください（mycorp）。"),
    ("my_corp", "エイリアスに使えるのは英小文字 a-z、数字 0-9、ハイフン - だけです（「_」は使えません）。"),
    ("会社", "エイリアスに使えるのは英小文字 a-z、数字 0-9、ハイフン - だけです（「会」は使えません）。"),
    ("ab", "エイリアスは 3 文字以上です（入力は 2 文字）。"),
    ("a" * 64, "エイリアスは 63 文字以内です（入力は 64 文字）。"),
    ("-corp", "エイリアスの先頭と末尾にハイフンは使えません。"),
    ("corp-", "エイリアスの先頭と末尾にハイフンは使えません。"),
    ("my--corp", "エイリアスにハイフンを 2 つ続けることはできません。"),
]


@pytest.fixture(scope="module")
def builder_page(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "iam-sign-in/")
    yield page
    page.close()


@pytest.mark.parametrize(("typed", "kind", "url"), VALID)
def test_valid_account_ids_and_aliases(typed, kind, url, builder_page) -> None:
    result = builder_page.evaluate("t => window.signinUrl.check(t)", typed)
    assert (result["ok"], result["kind"], result["url"]) == (True, kind, url)


@pytest.mark.parametrize(("typed", "reason"), INVALID)
def test_each_rejection_says_why_in_japanese(typed, reason, builder_page) -> None:
    assert builder_page.evaluate("t => window.signinUrl.check(t)", typed) == {"ok": False, "reason": reason}


def test_typing_shows_the_url_and_sends_nothing(visit, base_url) -> None:
    seen = visit(base_url + "iam-sign-in/")
    page = seen.page
    before = len(seen.requests)
    box = page.get_by_label("アカウント ID（12 桁）またはアカウントエイリアス")
    box.press_sequentially("1234-5678-9012")
    link = page.locator("#signin-account-result a")
    assert link.get_attribute("href") == "https://123456789012.signin.aws.amazon.com/console/"
    assert box.get_attribute("aria-invalid") == "false"
    box.fill("")
    box.press_sequentially("My--Corp")
    assert page.locator("#signin-account-result").inner_text().startswith("エイリアスに大文字は使えません")
    assert box.get_attribute("aria-invalid") == "true"
    assert seen.requests[before:] == []
    stored = page.evaluate("""() => [localStorage, sessionStorage].flatMap(s =>
        Object.keys(s).map(k => k + "=" + s.getItem(k))).join(" ")""")
    assert "5678" not in stored and "corp" not in stored.lower()
