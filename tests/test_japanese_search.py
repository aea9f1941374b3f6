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
    rewrite_search_index,
    section_summaries,
    without_search_excluded,
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


def test_summaries_problem_lines_become_section_tags_and_every_result_line() -> None:
    raw = json.dumps({"config": {}, "docs": [
        {"location": "mfa/", "title": "MFA", "text": "<p>本文</p>"},
        {"location": "mfa/#lost", "title": "なくした", "text": "<p>手順</p>"},
        {"location": "mfa/#code", "title": "コード", "text": "<p>時計</p>"}]})
    index = json.loads(rewrite_search_index(raw, {}, {"mfa/": "MFA の説明。", "mfa/#code": "時計を合わせます。"},
                                            {"mfa/#lost": "MFA のスマホをなくした"}))
    assert [(d.get("summary"), d.get("tags")) for d in index["docs"]] == [
        ("MFA の説明。", None), ("MFA のスマホをなくした", ["MFA のスマホをなくした"]), ("時計を合わせます。", None)]


def test_section_summaries_skip_guide_panels_and_text_version_titles() -> None:
    content = (
        '<h1 id="mfa">MFA</h1><p>ページの最初の文です。次の文。</p>'
        '<h2 id="lost">なくした</h2><div class="flow-guide" role="region"><p>質問に答えて解決</p><template>{}</template></div>'
        '<details class="abstract flow-text"><summary>文章で読む: 図</summary><p>図の説明です。</p></details>'
        '<h2 id="long">長い</h2><p>' + "あ" * 100 + "</p>"
    )
    summaries = section_summaries(content)
    assert summaries["mfa"] == "ページの最初の文です。"
    assert summaries["lost"] == "図の説明です。"
    assert summaries["long"] == "あ" * 89 + "…"


@pytest.mark.parametrize(
    ("html", "read"),
    [
        # a guide panel: <div>s inside the excluded <div> (Material 9.8.2 stops at the first </div>)
        ('<p>a</p><div data-search-exclude><div>x</div><br><div><div>y</div></div>{"z":1}</div><p>b</p>',
         "<p>a</p><p>b</p>"),
        ('<details class="q" data-search-exclude>\n<summary>s</summary>\n</details>\n<p>c</p>', "\n<p>c</p>"),
        ("<p>a<img alt=x data-search-exclude>b</p>", "<p>a<img alt=x data-search-exclude>b</p>"),  # void: nothing inside
        ("<p>nothing excluded</p>", "<p>nothing excluded</p>"),
    ],
)
def test_search_reads_the_page_without_its_excluded_elements_whole(html: str, read: str) -> None:
    assert without_search_excluded(html) == read
