"""症状から探す (hooks/symptoms_page.py): one line per ``problems:`` entry, linked to its section,
grouped by the triage chart's first question; a page without ``problems:`` gets its title;
a ``problems:`` key naming a heading the page does not have stops the build with a message that
says what to do. Pure functions first, then one tiny real site built with the project's hooks."""

from __future__ import annotations

import re
import textwrap

import pytest
from bs4 import BeautifulSoup
from sitebuild import ROOT, build_site

import symptoms_page
from symptoms_page import PageProblems, ProblemsError, Section

MFA_PAGE = textwrap.dedent("""\
    ---
    description: MFA でサインインできないとき。
    problems:
      lost-device: MFA のスマートフォンをなくした
      "wrong-code": MFA コードが通らない
    ---

    # MFA のトラブル

    ## デバイスをなくした { #lost-device }

    ```text
    # not a heading
    ```

    ## コードが通らない {: #wrong-code .note }

    ### Plain heading
    """)


def test_headings_have_their_ids_and_lines_as_written() -> None:
    assert symptoms_page.headings(MFA_PAGE) == [
        Section("mfa", 1, 8, "MFA のトラブル"),
        Section("lost-device", 2, 10, "デバイスをなくした"),
        Section("wrong-code", 2, 16, "コードが通らない"),
        Section("plain-heading", 3, 18, "Plain heading"),
    ]


def test_headings_without_an_id_get_the_ids_the_toc_extension_gives_them() -> None:
    """A Japanese heading's slug is empty: Python-Markdown makes it _1, _2 … after the explicit ids."""
    text = "# パスワード\n\n## _1 { #_1 }\n\n## メール\n\n## Mail\n\n## Mail\n"
    assert [s.id for s in symptoms_page.headings(text)] == ["_2", "_1", "_3", "mail", "mail_1"]


def test_problems_are_read_in_the_order_written() -> None:
    meta = {"problems": {"lost-device": " MFA のスマートフォンをなくした ", "wrong-code": "MFA コードが通らない"}}
    assert symptoms_page.read_problems("troubleshooting/mfa.md", meta, MFA_PAGE) == {
        "lost-device": "MFA のスマートフォンをなくした", "wrong-code": "MFA コードが通らない"}
    assert symptoms_page.read_problems("troubleshooting/mfa.md", {}, MFA_PAGE) == {}


@pytest.mark.parametrize(
    ("key", "line"),
    [("lost-device", 4), ("wrong-code", 5)],
)
def test_a_key_naming_no_heading_is_refused_with_file_line_ids_and_what_to_do(key: str, line: int) -> None:
    text = MFA_PAGE.replace(f"{{ #{key} }}", "").replace(f"{{: #{key} .note }}", "")
    ids = [section.id for section in symptoms_page.headings(text)]
    with pytest.raises(ProblemsError) as raised:
        symptoms_page.read_problems("troubleshooting/mfa.md", {"problems": {key: "…"}}, text)
    assert str(raised.value) == (
        f"Doc file 'troubleshooting/mfa.md' line {line}: 'problems:' names the heading id '{key}', but no heading "
        f"on this page has that id (its ids: {', '.join(ids)}). Give the heading that fixes it an id "
        f"(## 見出し {{ #{key} }}) or use one of the ids listed.")


def chart(page: str, index: int, line: int, start: str | None, nodes: dict[str, tuple[str, str | None]],
          edges: list[tuple[str, str, str]]) -> dict:
    """A chart as flowcheck's report holds it: nodes id -> (label, 'page#anchor' clicked or None)."""
    def click(target: str | None) -> dict | None:
        if target is None:
            return None
        page_, _, anchor = target.partition("#")
        return {"kind": "page", "page": page_, "anchor": anchor or None}
    return {"id": f"{page}#{index}", "page": page, "index": index, "line": line, "start": start,
            "nodes": [{"id": n, "label": label, "click": click(target)} for n, (label, target) in nodes.items()],
            "edges": [{"from": a, "to": b, "label": label} for a, b, label in edges]}


TRIAGE = chart("troubleshooting/index.md", 1, 5, "Q", {
    "Q": ("どこで止まりますか？", None),
    "P": ("パスワード", "troubleshooting/password.md"),
    "M": ("MFA", "troubleshooting/mfa.md#wrong-code"),
    "S": ("サインインのあと", "troubleshooting/after.md"),
}, [("Q", "P", "パスワードの画面"), ("Q", "M", "MFA の画面"), ("Q", "S", "サインインのあと")])
PASSWORD = chart("troubleshooting/password.md", 1, 9, "Q", {
    "Q": ("メールは届きますか？", None),
    "N": ("届かない", "troubleshooting/password.md#no-mail"),
    "F": ("MFA も", "troubleshooting/mfa.md#lost-device"),
}, [("Q", "N", "いいえ"), ("Q", "F", "はい")])
SECTIONS = {
    "troubleshooting/password.md": [Section("password", 1, 5, "パスワード"), Section("no-mail", 2, 20, "届かない")],
    "troubleshooting/mfa.md": symptoms_page.headings(MFA_PAGE),
}


def test_groups_are_the_first_questions_answers_with_the_pages_the_conversation_reaches_in_order() -> None:
    report = {"charts": [PASSWORD, TRIAGE]}
    assert symptoms_page.conversation_groups(report, "troubleshooting/index.md", SECTIONS) == [
        ("パスワードの画面", [("troubleshooting/password.md", ""), ("troubleshooting/password.md", "no-mail"),
                        ("troubleshooting/mfa.md", "lost-device")]),
        ("MFA の画面", [("troubleshooting/mfa.md", "wrong-code")]),
        ("サインインのあと", [("troubleshooting/after.md", "")]),
    ]
    assert symptoms_page.conversation_groups({"charts": [PASSWORD]}, "troubleshooting/index.md", SECTIONS) == []


PAGES = {
    "troubleshooting/password.md": PageProblems("troubleshooting/password.md", "troubleshooting/password/",
                                                "パスワードを忘れた", "パスワードを忘れたとき。",
                                                {"no-mail": "リセットのメールが届かない"}, ["pw 忘れた"]),
    "troubleshooting/mfa.md": PageProblems("troubleshooting/mfa.md", "troubleshooting/mfa/", "MFA のトラブル",
                                           "MFA でサインインできないとき。",
                                           {"wrong-code": "MFA コードが通らない",
                                            "lost-device": "MFA のスマートフォンをなくした"}, ["2段階認証"]),
    "troubleshooting/after.md": PageProblems("troubleshooting/after.md", "troubleshooting/after/",
                                             "サインインのあと", "サインインしたあとで困るとき。"),
    "troubleshooting/other.md": PageProblems("troubleshooting/other.md", "troubleshooting/other/",
                                             "そのほか", "", {}),
}


def listed(html: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    soup = BeautifulSoup(html, "html.parser")
    return [(group.h2.get_text(), [(li.a.get_text(), li.a["href"], li["data-words"]) for li in group.select("li")])
            for group in soup.select("section.symptom-group")]


def test_one_line_per_problem_under_the_answer_that_reaches_its_section_and_the_rest_last() -> None:
    groups = symptoms_page.conversation_groups({"charts": [PASSWORD, TRIAGE]}, "troubleshooting/index.md", SECTIONS)
    html = symptoms_page.render_list(groups, PAGES, "symptoms/")
    assert listed(html) == [
        ("パスワードの画面", [
            ("リセットのメールが届かない", "../troubleshooting/password/#no-mail", "パスワードを忘れた / pw 忘れた"),
            # lines in the order the conversation reaches them, then as the page lists them
            ("MFA のスマートフォンをなくした", "../troubleshooting/mfa/#lost-device", "MFA のトラブル / 2段階認証"),
        ]),
        # a shared page's line goes where the conversation reaches its own section
        ("MFA の画面", [("MFA コードが通らない", "../troubleshooting/mfa/#wrong-code", "MFA のトラブル / 2段階認証")]),
        # a page without problems: its title, not its (longer) description
        ("サインインのあと", [("サインインのあと", "../troubleshooting/after/", "サインインのあと")]),
        # the conversation does not reach it: under そのほか
        (symptoms_page.OTHER_GROUP, [("そのほか", "../troubleshooting/other/", "そのほか")]),
    ]


def test_the_filter_box_is_hidden_until_its_script_shows_it_and_labelled() -> None:
    soup = BeautifulSoup(symptoms_page.render_list([], PAGES, "symptoms/"), "html.parser")
    box = soup.select_one("[data-symptom-filter]")
    assert box.has_attr("hidden")
    assert soup.select_one("label[for=symptom-filter-input]").get_text() == "症状を絞り込む"
    assert soup.select_one("#symptom-filter-status")["role"] == "status"
    assert soup.select_one(".symptom-filter__none").has_attr("hidden")


@pytest.mark.parametrize(
    ("src_uri", "listed_"),
    [("troubleshooting/index.md", False), ("troubleshooting/after.md", True), ("glossary.md", False)],
)
def test_pages_listed_are_troubleshooting_pages_and_pages_with_problems(src_uri: str, listed_: bool) -> None:
    entries = [PageProblems(src_uri, "x/", "x"), PageProblems("root-sign-in.md", "r/", "r", "", {"steps": "…"})]
    assert (src_uri in symptoms_page.pages_listed(entries, "troubleshooting/")) is listed_
    assert "root-sign-in.md" in symptoms_page.pages_listed(entries, "troubleshooting/")


# --- a real build: the hooks wired as mkdocs.yml wires them -------------------------------------

def mermaid(title: str, body: str) -> str:
    return f"```mermaid\nflowchart TD\n    accTitle: {title}\n    accDescr: 説明\n{textwrap.dedent(body).strip()}\n```\n"


SITE = {
    "index.md": "# ホーム\n\n" + mermaid("入口", """
        A["サインインできない"]
        click A "troubleshooting/index.md"
        """),
    "troubleshooting/index.md": "# 診断\n\n" + mermaid("診断", """
        Q{"どこで止まりますか？"}
        Q -->|パスワードの画面| P["パスワード"]
        Q -->|サインインのあと| S["あとで困る"]
        click P "password.md"
        click S "after.md"
        """),
    "troubleshooting/password.md": "---\nproblems:\n  no-mail: リセットのメールが届かない\n"
                                   "  locked: 何度も間違えてロックされた\n---\n"
                                   "# パスワードを忘れた\n\n## メールが届かない { #no-mail }\n\n届きません。\n\n"
                                   "## ロックされた { #locked }\n\nロックです。\n",
    "troubleshooting/after.md": "---\ndescription: サインインしたあとで困るとき。\n---\n# サインインのあと\n\n本文。\n",
    "symptoms.md": f"# 症状から探す\n\n{symptoms_page.LIST_MARKER}\n",
}
CONFIG = ("site_name: fixture\nmarkdown_extensions:\n  - attr_list\n  - toc\n  - pymdownx.superfences:\n"
          "      custom_fences:\n        - name: mermaid\n          class: mermaid\n"
          "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
          f"hooks: ['{ROOT / 'hooks' / 'flowcheck_hook.py'}', '{ROOT / 'hooks' / 'search_hook.py'}']\n"
          f"extra:\n  flowcheck:\n    mermaid: '{ROOT / 'node_modules' / 'mermaid'}'\n    start_page: index.md\n"
          "    troubleshooting_dir: troubleshooting/\n")


def write(tmp_path, pages: dict[str, str]):
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_the_built_page_lists_each_problem_under_the_answer_that_reaches_it(tmp_path) -> None:
    build_site(write(tmp_path, SITE), site_dir=str(tmp_path / "site"))
    html = (tmp_path / "site" / "symptoms" / "index.html").read_text(encoding="utf-8")
    assert symptoms_page.LIST_MARKER not in html
    assert [(name, [(text, href) for text, href, _ in lines]) for name, lines in listed(html)] == [
        ("パスワードの画面", [("リセットのメールが届かない", "../troubleshooting/password/#no-mail"),
                        ("何度も間違えてロックされた", "../troubleshooting/password/#locked")]),
        ("サインインのあと", [("サインインのあと", "../troubleshooting/after/")]),
    ]


def test_the_build_stops_when_problems_names_a_heading_the_page_lacks(tmp_path) -> None:
    from mkdocs.exceptions import Abort

    pages = dict(SITE)
    pages["troubleshooting/password.md"] = SITE["troubleshooting/password.md"].replace("{ #locked }", "")
    with pytest.raises(Abort):
        build_site(write(tmp_path, pages), site_dir=str(tmp_path / "site"))
    errors = [r.getMessage() for r in build_site.last_records if r.levelname == "ERROR"]
    assert re.sub(r"\s+", " ", errors[-1]) == (
        "Doc file 'troubleshooting/password.md' line 4: 'problems:' names the heading id 'locked', but no heading "
        "on this page has that id (its ids: _1, no-mail, _2). Give the heading that fixes it an id "
        "(## 見出し { #locked }) or use one of the ids listed.")


@pytest.mark.parametrize(("anchor", "chain"), [
    ("lost", ["lost", "root", "top"]),  # a ### under a ## under the page's #
    ("root", ["root", "top"]),
    ("iam", ["iam", "top"]),
    ("nowhere", ["nowhere"]),
])
def test_a_problem_belongs_to_the_sections_that_hold_it(anchor: str, chain: list[str]) -> None:
    sections = [symptoms_page.Section("top", 1, 1, "MFA"), symptoms_page.Section("root", 2, 5, "ルート"),
                symptoms_page.Section("lost", 3, 9, "なくした"), symptoms_page.Section("iam", 2, 20, "IAM")]
    assert symptoms_page._within(sections, anchor) == chain


def test_a_problem_several_answers_reach_is_listed_once_under_the_shared_group_first() -> None:
    groups = [("ルートユーザー", [("troubleshooting/mfa.md", "lost-device"), ("troubleshooting/password.md", "no-mail")]),
              ("IAM ユーザー", [("troubleshooting/mfa.md", "lost-device"), ("troubleshooting/mfa.md", "wrong-code")])]
    found = [(name, [line.anchor for line in lines])
             for name, lines in symptoms_page._lines_by_group(groups, PAGES)]
    assert found[:3] == [(symptoms_page.SHARED_GROUP, ["lost-device"]), ("ルートユーザー", ["no-mail"]),
                         ("IAM ユーザー", ["wrong-code"])]
