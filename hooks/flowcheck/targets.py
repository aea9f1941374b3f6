"""Resolve ``click`` targets as written to documentation files, anchors or external URLs."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Set as AbstractSet
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

__all__ = ["Target", "host_allowed", "relative_url", "resolve_target"]

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_UNSAFE_SCHEMES = {"javascript", "data", "vbscript"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URL_UNSAFE = re.compile(r"[\\%@\s\x00-\x1f\x7f]|[^\x00-\x7f]")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


class Target(NamedTuple):
    """What a click target resolved to.

    ``kind`` is ``page`` (a documentation file, ``src_uri`` set), ``external`` (``url`` set)
    or ``invalid`` (``reason`` says why).
    """

    kind: str
    src_uri: str = ""
    anchor: str = ""
    url: str = ""
    reason: str = ""


def host_allowed(host: str, allowed: list[str]) -> bool:
    """True when ``host`` is on the allow list; ``*.example.com`` admits every subdomain."""
    host = host.lower().rstrip(".")
    for pattern in allowed:
        pattern = pattern.lower()
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]):
                return True
        elif host == pattern:
            return True
    return False


def resolve_target(
    target: str, page_src_uri: str, doc_files: AbstractSet[str], allowed_hosts: list[str]
) -> Target:
    """Resolve a target written on the page ``page_src_uri``, the way MkDocs resolves links."""
    written = target.strip()
    if not written:
        return Target("invalid", reason="the target is empty")
    control = _CONTROL.search(written)
    if control:
        return Target(
            "invalid",
            reason=f"it contains the control character U+{ord(control.group(0)):04X}; browsers drop tabs and "
            "line breaks inside a URL ('java\\tscript:' reads as 'javascript:'), so the link would not go where "
            "it seems. Write the target without it",
        )
    scheme = _SCHEME.match(written)
    if scheme:
        name = scheme.group(0)[:-1].lower()
        if name in _UNSAFE_SCHEMES:
            return Target("invalid", reason=f"'{name}:' links are never allowed")
        if name != "https":
            return Target("invalid", reason="external links must use https://")
        return _external(written, allowed_hosts)
    if written.startswith("//"):
        return Target("invalid", reason="external links must use https://")
    if written.startswith("/"):
        return Target(
            "invalid",
            reason="absolute paths break when the site is served from a sub-path; "
            "write a path relative to this file, ending in .md",
        )
    path, _, anchor = written.partition("#")
    if not path:
        return Target("page", src_uri=page_src_uri, anchor=anchor)
    if not path.endswith(".md") and ":" in path.split("/")[0]:
        return Target(
            "invalid",
            reason="the target is neither an https:// URL nor a relative path to a Markdown file ('page.md#anchor')",
        )
    if not path.endswith(".md"):
        return Target(
            "invalid",
            reason="write the target as a relative path to a Markdown file ('page.md#anchor'), "
            "not as a built URL",
        )
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_src_uri), path))
    if joined.startswith("../") or joined == "..":
        return Target("invalid", reason="the target leaves the docs directory")
    if joined not in doc_files:
        return Target(
            "invalid", src_uri=joined, anchor=anchor,
            reason=f"the target '{joined}' is not found among documentation files",
        )
    return Target("page", src_uri=joined, anchor=anchor)


def _external(written: str, allowed_hosts: list[str]) -> Target:
    """An https URL, read the way browsers read it (WHATWG), so the host checked is the host visited."""
    bad = _URL_UNSAFE.search(written)
    if bad:
        char = bad.group(0)
        shown = char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
        return Target(
            "invalid",
            reason=f"external targets may not contain '{shown}': browsers read backslashes, '%', '@', "
            "spaces, control and non-ASCII characters in ways that can change the host. Write the plain https URL",
        )
    try:
        parts = urlsplit(written)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError as error:
        return Target("invalid", reason=f"the URL cannot be read ({error})")
    if not _HOST.fullmatch(host):
        return Target("invalid", reason=f"the host '{parts.netloc}' is not a plain ASCII host name")
    if port is not None:
        return Target("invalid", reason="external links may not name a port")
    if not host_allowed(host, allowed_hosts):
        return Target(
            "invalid",
            reason=f"the host '{host}' is not on the allow list (extra.flowcheck.allowed_hosts)",
        )
    return Target("external", url=urlunsplit(("https", host, parts.path or "/", parts.query, parts.fragment)))


def relative_url(target_url: str, from_url: str) -> str:
    """The link from the built page at ``from_url`` to ``target_url`` (both site-relative).

    Mirrors ``mkdocs.utils.get_relative_url`` for page URLs under both ``use_directory_urls``
    settings; a URL ending in '/' (or the home page, '') keeps its trailing slash.
    """
    # plain string work: posixpath.relpath resolves both against the working directory first
    from_parts = [p for p in from_url.rpartition("/")[0].split("/") if p not in ("", ".")]
    target_parts = [p for p in target_url.split("/") if p not in ("", ".")]
    common = 0
    while common < min(len(from_parts), len(target_parts)) and from_parts[common] == target_parts[common]:
        common += 1
    relative = "/".join([".."] * (len(from_parts) - common) + target_parts[common:]) or "."
    if target_url == "" or target_url.endswith("/"):
        relative = relative.rstrip("/") + "/"
    return relative
