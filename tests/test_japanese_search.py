"""Symptom vocabulary: front matter in, page box, 症状から探す list and index tags out."""

from __future__ import annotations

import json

import pytest

from japanese_search import (
    FrontMatterError,
    PageSymptoms,
    add_symptom_box,
    first_heading,
    read_symptoms,
    render_symptom_list,
    rewrite_search_index,
    symptom_groups,
)

MARKDOWN = "# MFA のトラブル { #mfa }\n\n本文\n"


def test_read_symptoms_takes_phrases_messages_title_and_description() -> None:
    meta = {"symptoms": ["MFA なくした", " 2段階認証 できない "], "messages": ["Troubleshoot MFA"],
            "description": "説明"}
    assert read_symptoms("troubleshooting/mfa.md", meta, MARKDOWN) == PageSymptoms(
        "troubleshooting/mfa.md", "MFA のトラブル", "説明", ["MFA なくした", "2段階認証 できない"], ["Troubleshoot MFA"])


def test_a_page_without_symptoms_declares_none() -> None:
    assert read_symptoms("glossary.md", {"description": "x"}, MARKDOWN) is None


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"symptoms": "ログインできない"}, "Doc file 'p.md': front matter 'symptoms' must be a list of non-empty strings, "
         "got 'ログインできない'. Quote a phrase that contains ':' or starts with a symbol."),
        ({"messages": [{"Authentication failed": "x"}]}, "Doc file 'p.md': front matter 'messages' must be a list of "
         "non-empty strings, got [{'Authentication failed': 'x'}]. Quote a phrase that contains ':' or starts with a symbol."),
        ({"symptoms": ["ok", ""]}, "Doc file 'p.md': front matter 'symptoms' must be a list of non-empty strings, "
         "got ['ok', '']. Quote a phrase that contains ':' or starts with a symbol."),
    ],
)
def test_unusable_front_matter_names_the_file_and_key(meta, message) -> None:
    with pytest.raises(FrontMatterError) as error:
        read_symptoms("p.md", meta, MARKDOWN)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("markdown", "title"),
    [("# 見出し { #id }\n", "見出し"), ("前文\n# 二番目\n", "二番目"), ("## 二段目だけ\n", "")],
)
def test_first_heading(markdown: str, title: str) -> None:
    assert first_heading(markdown) == title


def test_symptom_box_goes_at_the_end_of_the_page_out_of_the_search_index() -> None:
    """Phone first: the steps come first; the box is excluded from search (the phrases are tags)."""
    symptoms = PageSymptoms("troubleshooting/mfa.md", "MFA のトラブル", phrases=["MFA なくした"],
                            messages=["Troubleshoot `MFA`"])
    assert add_symptom_box(MARKDOWN, symptoms) == (
        "# MFA のトラブル { #mfa }\n\n本文\n\n"
        '<details class="question symptom-box" data-search-exclude markdown>\n'
        "<summary>このページで解決できる症状</summary>\n\n"
        "- MFA なくした\n\n"
        "画面に表示されるメッセージ:\n\n"
        "- `Troubleshoot 'MFA'`\n\n"
        "当てはまらないときは、[症状から探す](../symptoms.md)で別の言い方から探せます。\n\n</details>\n"
    )


def test_symptom_list_links_each_phrase_relative_to_the_listing_page() -> None:
    entries = [PageSymptoms("troubleshooting/mfa.md", "MFA のトラブル", "説明", ["MFA なくした"], ["Troubleshoot MFA"]),
               PageSymptoms("access-portal.md", "アクセスポータル", "", ["SSO ログイン"], [])]
    assert render_symptom_list(entries, "symptoms.md") == (
        "## [アクセスポータル](access-portal.md)\n\n- [SSO ログイン](access-portal.md)\n\n"
        "## [MFA のトラブル](troubleshooting/mfa.md)\n\n説明\n\n- [MFA なくした](troubleshooting/mfa.md)\n\n"
        "画面に表示されるメッセージ:\n\n- [「Troubleshoot MFA」](troubleshooting/mfa.md)\n"
    )


def test_rewrite_search_index_adds_tags_plain_text_and_the_vocabulary() -> None:
    raw = json.dumps({"config": {"fields": {"tags": {"boost": 1000000.0}}},
                      "docs": [{"location": "troubleshooting/mfa/", "title": "MFA", "text": "<p>本文 &amp; <code>x</code></p><p>二</p>"},
                               {"location": "troubleshooting/mfa/#code", "title": "コード", "text": ""}]})
    rewritten = rewrite_search_index(raw, {"troubleshooting/mfa/": ["MFA なくした"]})
    index = json.loads(rewritten)
    assert "fields" not in index["config"]
    assert [doc.get("tags") for doc in index["docs"]] == [["MFA なくした"], None]
    assert index["docs"][0]["text"] == "本文 & x\n二"
    assert "\n紛失\t" in index["config"]["ja"]["vocabulary"]  # the vocabulary the worker cuts with
    assert "なくした" in rewritten  # UTF-8, not \\u escapes


TRIAGE = """# 診断

```mermaid
flowchart TD
    S{"何が起きていますか？"}
    S -->|画面で<br>止まる| A["画面"]
    S -->|メールが来ない| M["メール"]
    click A "#screen"
    click M "email.md"
```

## 画面 { #screen }

```mermaid
flowchart TD
    Q{"どの画面？"}
    Q -->|忘れた| F["忘れた"]
    Q -->|違う| W["違う"]
    click F "forgot.md"
    click W "wrong.md"
```
"""


def test_symptom_groups_follow_the_triage_chart() -> None:
    """Answers in the order written; same-page sub-charts followed; linked pages join; rest last."""
    pages = {"troubleshooting/index.md": TRIAGE, "troubleshooting/forgot.md": '```mermaid\nflowchart TD\n'
             '    Q{"?"}\n    Q -->|root| R["r"]\n    click R "root.md"\n```\n',
             "troubleshooting/wrong.md": "", "troubleshooting/email.md": "", "troubleshooting/root.md": "",
             "glossary.md": ""}
    assert symptom_groups("troubleshooting/index.md", pages) == [
        ("画面で止まる", ["troubleshooting/forgot.md", "troubleshooting/wrong.md", "troubleshooting/root.md"]),
        ("メールが来ない", ["troubleshooting/email.md"]),
        ("そのほか", ["glossary.md"]),
    ]


def test_symptom_list_in_groups() -> None:
    entries = [PageSymptoms("troubleshooting/mfa.md", "MFA のトラブル", "", ["MFA なくした"], []),
               PageSymptoms("access-portal.md", "アクセスポータル", "", ["SSO ログイン"], [])]
    groups = [("MFA", ["troubleshooting/mfa.md"]), ("そのほか", ["access-portal.md"])]
    assert render_symptom_list(entries, "symptoms.md", groups) == (
        "## MFA\n\n### [MFA のトラブル](troubleshooting/mfa.md)\n\n- [MFA なくした](troubleshooting/mfa.md)\n\n"
        "## そのほか\n\n### [アクセスポータル](access-portal.md)\n\n- [SSO ログイン](access-portal.md)\n"
    )
