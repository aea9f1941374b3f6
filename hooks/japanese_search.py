"""Symptom vocabulary for search: read from front matter, shown on pages, weighted in the index.

Each troubleshooting page declares in its front matter how readers put its symptom
(``symptoms:``) and the exact messages the console shows (``messages:``). From that one source:
a box on the page, the generated 症状から探す page, and ``tags`` in Material's search index,
which the search worker weighs apart from the body text.

Plain Python with no MkDocs imports; ``hooks/search_hook.py`` wires it to MkDocs events.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field

__all__ = [
    "SYMPTOM_LIST_MARKER",
    "FrontMatterError",
    "PageSymptoms",
    "add_symptom_box",
    "first_heading",
    "read_symptoms",
    "render_symptom_list",
    "rewrite_search_index",
]

SYMPTOM_LIST_MARKER = "<!-- symptoms:list -->"


class FrontMatterError(ValueError):
    """A page's front matter declares symptoms in a form that cannot be used."""


@dataclass
class PageSymptoms:
    src_uri: str
    title: str
    description: str = ""
    phrases: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def tags(self) -> list[str]:
        return self.phrases + self.messages


def _string_list(meta: dict, key: str, src_uri: str) -> list[str]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise FrontMatterError(
            f"Doc file '{src_uri}': front matter '{key}' must be a list of non-empty strings, "
            f"got {value!r}. Quote a phrase that contains ':' or starts with a symbol."
        )
    return [v.strip() for v in value]


def first_heading(markdown: str) -> str:
    """The text of the page's first '# ' heading, without an attribute list."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip()
    return ""


def read_symptoms(src_uri: str, meta: dict, markdown: str) -> PageSymptoms | None:
    """The symptoms a page declares, or ``None`` when it declares none."""
    phrases = _string_list(meta, "symptoms", src_uri)
    messages = _string_list(meta, "messages", src_uri)
    if not phrases and not messages:
        return None
    description = meta.get("description") or ""
    return PageSymptoms(src_uri, first_heading(markdown), str(description), phrases, messages)


def _quote(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def add_symptom_box(markdown: str, symptoms: PageSymptoms) -> str:
    """Put a collapsed box of the page's symptoms and messages right after its first heading."""
    lines = ['??? question "このページで解決できる症状"', ""]
    lines += [f"    - {phrase}" for phrase in symptoms.phrases]
    if symptoms.messages:
        lines += ["", "    画面に表示されるメッセージ:", ""]
        lines += [f"    - {_quote(message)}" for message in symptoms.messages]
    box = "\n".join(lines)
    parts = markdown.split("\n")
    for i, line in enumerate(parts):
        if line.startswith("# "):
            return "\n".join(parts[: i + 1] + ["", box, ""] + parts[i + 1:])
    return box + "\n\n" + markdown


def render_symptom_list(entries: list[PageSymptoms], from_src_uri: str) -> str:
    """The 症状から探す page body: every page's symptoms, linked to it (relative .md links)."""
    out: list[str] = []
    base = posixpath.dirname(from_src_uri)
    for entry in sorted(entries, key=lambda e: e.src_uri):
        link = posixpath.relpath(entry.src_uri, base or ".")
        out += [f"## [{entry.title}]({link})", ""]
        if entry.description:
            out += [entry.description, ""]
        out += [f"- [{phrase}]({link})" for phrase in entry.phrases]
        if entry.messages:
            out += ["", "画面に表示されるメッセージ:", ""]
            # 「」 rather than code spans: a code background under link colour fails contrast in dark
            out += [f"- [「{message}」]({link})" for message in entry.messages]
        out.append("")
    return "\n".join(out)


def rewrite_search_index(text: str, tags_by_location: dict[str, list[str]], tags_boost: float) -> str:
    """Add each page's symptoms as ``tags`` and write the index as compact UTF-8.

    Material writes Japanese escaped (``\\uXXXX``, six bytes a character instead of three); the
    index is what a reader downloads to search, so UTF-8 roughly halves it.
    """
    index = json.loads(text)
    index["config"].setdefault("fields", {})["tags"] = {"boost": tags_boost}
    for doc in index["docs"]:
        tags = tags_by_location.get(doc["location"])
        if tags:
            doc["tags"] = tags
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
