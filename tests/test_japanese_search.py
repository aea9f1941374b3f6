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


def test_symptom_box_goes_right_after_the_first_heading() -> None:
    symptoms = PageSymptoms("p.md", "MFA のトラブル", phrases=["MFA なくした"], messages=["Troubleshoot `MFA`"])
    assert add_symptom_box(MARKDOWN, symptoms) == (
        "# MFA のトラブル { #mfa }\n\n"
        '??? question "このページで解決できる症状"\n\n'
        "    - MFA なくした\n\n"
        "    画面に表示されるメッセージ:\n\n"
        "    - `Troubleshoot 'MFA'`\n\n\n本文\n"
    )


def test_symptom_list_links_each_phrase_relative_to_the_listing_page() -> None:
    entries = [PageSymptoms("troubleshooting/mfa.md", "MFA のトラブル", "説明", ["MFA なくした"], ["Troubleshoot MFA"]),
               PageSymptoms("access-portal.md", "アクセスポータル", "", ["SSO ログイン"], [])]
    assert render_symptom_list(entries, "symptoms.md") == (
        "## [アクセスポータル](access-portal.md)\n\n- [SSO ログイン](access-portal.md)\n\n"
        "## [MFA のトラブル](troubleshooting/mfa.md)\n\n説明\n\n- [MFA なくした](troubleshooting/mfa.md)\n\n"
        "画面に表示されるメッセージ:\n\n- [「Troubleshoot MFA」](troubleshooting/mfa.md)\n"
    )


def test_rewrite_search_index_adds_tags_to_the_page_entry_and_writes_utf8() -> None:
    raw = json.dumps({"config": {"fields": {"tags": {"boost": 1000000.0}}},
                      "docs": [{"location": "troubleshooting/mfa/", "title": "MFA", "text": "本文"},
                               {"location": "troubleshooting/mfa/#code", "title": "コード", "text": ""}]})
    rewritten = rewrite_search_index(raw, {"troubleshooting/mfa/": ["MFA なくした"]}, 500.0)
    index = json.loads(rewritten)
    assert index["config"]["fields"]["tags"] == {"boost": 500.0}
    assert [doc.get("tags") for doc in index["docs"]] == [["MFA なくした"], None]
    assert "なくした" in rewritten and len(rewritten.encode()) < len(raw.encode())
