"""The search worker (docs/javascripts/search-worker.js) run in Node on small indexes built the
way the site builds them: one test per normalisation and ranking rule."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from sitebuild import ROOT

from ja_normalize import normalize
from japanese_search import rewrite_search_index

WORKER = ROOT / "docs" / "javascripts" / "search-worker.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

RUN = """
const w = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
if (input.index) w.setup(input.index);
const out = {};
out.normalized = (input.normalize || []).map(t => w.normalize(t).text);
out.results = (input.queries || []).map(q => {
  const r = w.search(q);
  return {weak: r.weak, items: r.items.map(g => g.map(d => ({location: d.location, text: d.text, terms: d.terms})))};
});
out.filtered = (input.filters || []).map(q => w.filter(q));
process.stdout.write(JSON.stringify(out));
"""


def run(index: dict | None = None, queries: list[str] = (), texts: list[str] = (), filters: list[str] = ()) -> dict:
    done = subprocess.run([NODE, "-e", RUN, str(WORKER)], input=json.dumps(
        {"index": index, "queries": list(queries), "normalize": list(texts), "filters": list(filters)}),
        capture_output=True, text=True,
        check=True)
    return json.loads(done.stdout)


def index(docs: list[dict], tags: dict[str, list[str]] | None = None) -> dict:
    raw = json.dumps({"config": {"lang": ["ja"], "separator": "[\\s\\-]+", "pipeline": ["stemmer"]}, "docs": docs})
    return json.loads(rewrite_search_index(raw, tags or {}))


PAGES = index(
    [
        {"location": "mfa/", "title": "MFA のトラブル", "text": "<p>MFA デバイスをなくしたときの手順。</p>"},
        {"location": "mfa/#code", "title": "6 桁のコードが通らない", "text": "<p>時計を合わせます。</p>"},
        {"location": "email/", "title": "登録メールにアクセスできない場合",
         "text": "<p>会社のメールアドレスが使えなくなったときは、管理者に頼みます。</p>"},
        {"location": "other/", "title": "そのほかのエラー",
         "text": "<p>MFA やメールのほかに、アカウントの支払いが止まると停止されます。</p>"},
        {"location": "hub/", "title": "サインインできないとき", "text": "<p>症状を選んでください。</p>"},
    ],
    {"mfa/": ["MFA なくした", "2段階認証 できない"], "email/": ["会社のメール 使えない"],
     "other/": ["支払い 未払い 停止"], "hub/": ["ログインできない"]},
)


def locations(result: dict) -> list[str]:
    return [group[0]["location"] for group in result["items"]]


def test_browser_normalisation_is_the_build_normalisation() -> None:
    """Same output as ja_normalize.normalize for the table's cases and every page of the site."""
    texts = ["ＩＡＭユーザー", "ﾛｸﾞｲﾝ", "サーヴァー", "ユーザ－", "十二時間", "百二十三", "2 段階認証", "sign   in",
             "12ヶ月", "ヴィ", "ゔ", "一二三"]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))]
    assert run(texts=texts)["normalized"] == [normalize(t) for t in texts]


@pytest.mark.parametrize(
    ("query", "first", "rule"),
    [
        ("MFA なくした", "mfa/", "a symptom that states the topic beats a page that mentions the words"),
        ("二段階認証 できない", "mfa/", "kanji numeral and domain term meet the symptom 2段階認証"),
        ("会社のアドレスが使えなくなった", "email/", "なく inside 使えなくなった is not なくした"),
        ("ログイン出来ない", "hub/", "出来ない/できない and ログイン/サインイン meet"),
        ("ろぐいん", "hub/", "katakana word typed in hiragana"),
        ("6桁のコード", "mfa/#code", "a section whose title states the topic comes up as the result"),
        ("六桁のコード", "mfa/#code", "kanji numeral in the query"),
    ],
)
def test_ranking(query: str, first: str, rule: str) -> None:
    assert locations(run(PAGES, [query])["results"][0])[0] == first, rule


def test_a_section_result_carries_its_page() -> None:
    """Material shows the page title above the section: the group is [section, page]."""
    group = run(PAGES, ["6桁のコード"])["results"][0]["items"][0]
    assert [d["location"] for d in group] == ["mfa/#code", "mfa/"]


def test_the_snippet_is_the_summary_with_the_words_marked_not_a_keyword_string() -> None:
    pages = index([{"location": "mfa/", "title": "MFA のトラブル", "text": "<p>本文。</p>"}],
                  {"mfa/": ["MFA なくした"]})
    pages["docs"][0]["summary"] = "MFA デバイスをなくしたときの手順です。"
    group = run(pages, ["MFA なくした"])["results"][0]["items"][0]
    assert group[0]["text"] == "<p><mark>MFA</mark> デバイスを<mark>なくし</mark>たときの手順です。</p>"


@pytest.mark.parametrize(
    ("query", "first", "rule"),
    [
        ("パスワ", "pw/", "while typing, the last word matches the words it starts"),
        ("athenticator", "mfa/", "a one-character typo in a longer word is read as the vocabulary word"),
        ("MFA", "mfa/", "an English word the index has is whole, not the start of MFAQ"),
    ],
)
def test_prefix_and_typos(query: str, first: str, rule: str) -> None:
    pages = index([{"location": "mfa/", "title": "MFA のトラブル", "text": "<p>本文。</p>"},
                   {"location": "pw/", "title": "パスワードを忘れた", "text": "<p>本文。</p>"},
                   {"location": "flow/", "title": "流れ", "text": "<p>MFAQ MFAIN MFAQ MFAQ</p>"}])
    assert locations(run(pages, [query])["results"][0])[0] == first, rule


@pytest.mark.parametrize(
    ("query", "location", "terms"),
    [
        # whole runs as typed, never pieces: 使えなくなった, not 使え or なく
        ("MFAが使えなくなった", "mfa/", {"MFA": True, "使えなくなった": False}),
        # a word the site has nowhere (請求書) is not listed
        ("請求書 支払い", "other/", {"支払い": True}),
    ],
)
def test_missing_words_are_whole_words_the_reader_typed(query, location, terms) -> None:
    groups = run(PAGES, [query])["results"][0]["items"]
    group = next(g for g in groups if g[0]["location"] == location)
    assert group[0]["terms"] == terms


@pytest.mark.parametrize(
    ("query", "weak", "found"),
    [
        ("請求書 支払い", True, True),        # only 支払い matches: said so, results still listed
        ("zzqqxx", True, False),              # nothing at all
        ("MFA なくした", False, True),
    ],
)
def test_a_query_that_matches_nothing_relevant_says_so(query, weak, found) -> None:
    result = run(PAGES, [query])["results"][0]
    assert (result["weak"], bool(result["items"])) == (weak, found)


def test_a_kanji_glued_to_a_kanji_word_is_a_piece_of_a_compound_not_a_word() -> None:
    """書 in 請求書 (which the vocabulary does not know whole) does not find 証明書."""
    pages = index([{"location": "saml/", "title": "証明書の更新", "text": "<p>本文。</p>"},
                   {"location": "bill/", "title": "請求情報を開けない", "text": "<p>本文。</p>"}])
    assert locations(run(pages, ["請求書 ダウンロード"])["results"][0]) == ["bill/"]


# 症状から探す's filter box sets the worker up with the list's lines as documents (title: the line,
# tags: its page's title and search words) and keeps the lines that name every word typed.
LINES = [("パスワードのリセットメールが届かない", "ルートユーザーのパスワードを忘れた"),
         ("MFA のスマートフォンをなくした", "MFA のトラブル / パスワード 2段階認証 できない"),
         ("アカウントが停止された", "そのほかのエラー / 凍結")]


@pytest.mark.parametrize(
    ("typed", "kept", "rule"),
    [
        ("", None, "an empty box keeps every line"),
        ("パスワード", ["0"], "a word of the line (not the MFA line, whose page's words only mention it)"),
        ("ﾊﾟｽﾜｰﾄﾞ", ["0"], "normalised as search normalises"),
        ("パスワ", ["0"], "the last word while typing matches the words it starts"),
        ("2段階認証", ["1"], "the line's word through the vocabulary (2段階認証 is MFA)"),
        ("凍結", ["2"], "no line says it: the lines whose page's search words do"),
        ("ルートユーザー", ["0"], "no line says it: the lines whose page title does"),
        ("パスワード メール", ["0"], "every word must be on the line"),
        ("メール MFA", [], "a line with only one of the words is not kept"),
        ("パスワード MFA", ["1"], "no line says both: the line whose page's words say the other"),
        ("zzqqxx", [], "nothing typed is known: no line"),
    ],
)
def test_the_symptoms_filter_keeps_the_lines_that_name_every_word(typed: str, kept: list[str] | None, rule: str) -> None:
    lines = index([{"location": str(i), "title": line, "text": ""} for i, (line, _) in enumerate(LINES)],
                  {str(i): [words] for i, (_, words) in enumerate(LINES)})
    assert run(lines, filters=[typed])["filtered"] == [kept], rule


# Ranking without hand-set weights (issue 16): Material's 'search: boost' is dropped from the index;
# what a title or symptom says decides.
RANKING = index(
    [
        {"location": "", "title": "ガイド", "text": "<p>サインインできないときに読みます。</p>"},
        {"location": "#what", "title": "サインインとは", "text": "<p>説明。</p>"},
        {"location": "steps/#after", "title": "サインインしたあと", "text": "<p>説明。</p>"},
        {"location": "triage/", "title": "サインインできないとき", "text": "<p>診断。</p>", "boost": 0.1},
        {"location": "root-pw/", "title": "ルートユーザーのパスワードを忘れた場合", "text": "<p>リセットします。</p>"},
        {"location": "other/", "title": "そのほかのエラー", "text": "<p>いろいろ。</p>", "boost": 5},
        {"location": "other/#network", "title": "別のネットワークからのサインイン", "text": "<p>To access this account</p>"},
        {"location": "other/#denied", "title": "サインインできたが拒否される", "text": "<p>権限の問題です。</p>"},
    ],
    {"triage/": ["ログインできない"],
     "other/": ["GovCloud ルート サインイン", "中国 パスワード 忘れた", "Access denied"]},
)


def test_material_boost_is_not_in_the_index() -> None:
    assert not [d for d in RANKING["docs"] if "boost" in d]


@pytest.mark.parametrize(
    ("query", "first", "rule"),
    [
        ("サインインできない", "triage/", "a title that says the whole phrase beats titles that share a word"),
        ("ログインできない", "triage/", "the same phrase through the vocabulary (ログイン is サインイン)"),
        ("ルートのパスワード忘れた", "root-pw/", "one title naming the words together beats symptoms naming one each"),
    ],
)
def test_titles_and_symptoms_that_say_the_query_rank_first(query: str, first: str, rule: str) -> None:
    assert locations(run(RANKING, [query])["results"][0])[0] == first, rule


def test_the_section_shown_under_a_page_is_the_one_whose_heading_says_the_words() -> None:
    """「ログインはできたけど access denied」: the page wins on its message; under it, the heading
    「サインインできたが…」 (the phrase word for word), not the section whose body says 'access'."""
    group = next(g for g in run(RANKING, ["ログインはできたけど access denied"])["results"][0]["items"]
                 if g[0]["location"] == "other/")
    assert [d["location"] for d in group] == ["other/", "other/#denied"]
