"""Click targets: resolving as MkDocs resolves links, and the built URL from each page."""

from __future__ import annotations

import pytest

from flowcheck import Target, host_allowed, relative_url, resolve_target
from flowcheck.checks import DEFAULT_ALLOWED_HOSTS

DOCS = {"index.md", "user-types.md", "troubleshooting/index.md", "troubleshooting/mfa.md"}


@pytest.mark.parametrize(
    ("written", "page", "expected"),
    [
        ("user-types.md", "index.md", Target("page", src_uri="user-types.md")),
        ("troubleshooting/mfa.md#root-lost-mfa", "index.md",
         Target("page", src_uri="troubleshooting/mfa.md", anchor="root-lost-mfa")),
        ("../user-types.md#builder-id", "troubleshooting/index.md",
         Target("page", src_uri="user-types.md", anchor="builder-id")),
        ("#steps", "troubleshooting/mfa.md", Target("page", src_uri="troubleshooting/mfa.md", anchor="steps")),
        ("./mfa.md", "troubleshooting/index.md", Target("page", src_uri="troubleshooting/mfa.md")),
        ("https://docs.aws.amazon.com/signin/", "index.md",
         Target("external", url="https://docs.aws.amazon.com/signin/")),
        ("missing.md", "troubleshooting/index.md",
         Target("invalid", src_uri="troubleshooting/missing.md",
                reason="the target 'troubleshooting/missing.md' is not found among documentation files")),
        ("../../outside.md", "troubleshooting/index.md", Target("invalid", reason="the target leaves the docs directory")),
        ("mfa/", "troubleshooting/index.md",
         Target("invalid", reason="write the target as a relative path to a Markdown file ('page.md#anchor'), "
                                  "not as a built URL")),
        ("/troubleshooting/mfa/", "index.md",
         Target("invalid", reason="absolute paths break when the site is served from a sub-path; "
                                  "write a path relative to this file, ending in .md")),
        ("http://aws.amazon.com/", "index.md", Target("invalid", reason="external links must use https://")),
        ("//aws.amazon.com/", "index.md", Target("invalid", reason="external links must use https://")),
        ("https://example.com/", "index.md",
         Target("invalid", reason="the host 'example.com' is not on the allow list (extra.flowcheck.allowed_hosts)")),
        ("https://aws.amazon.com.evil.example/", "index.md",
         Target("invalid", reason="the host 'aws.amazon.com.evil.example' is not on the allow list "
                                  "(extra.flowcheck.allowed_hosts)")),
        ("javascript:alert(1)", "index.md", Target("invalid", reason="'javascript:' links are never allowed")),
        ("DATA:text/html,hi", "index.md", Target("invalid", reason="'data:' links are never allowed")),
        ("", "index.md", Target("invalid", reason="the target is empty")),
    ],
)
def test_resolve_target(written: str, page: str, expected: Target) -> None:
    """Each target as written resolves to a page, an external URL, or a reason it fails."""
    assert resolve_target(written, page, DOCS, DEFAULT_ALLOWED_HOSTS) == expected


@pytest.mark.parametrize(
    ("host", "allowed"),
    [("aws.amazon.com", True), ("docs.aws.amazon.com", True), ("support.aws.amazon.com", True),
     ("repost.aws", True), ("us-east-1.signin.aws", True), ("d-1234567890.awsapps.com", False),
     ("AWS.Amazon.com.", True), ("amazon.com", False), ("evilaws.amazon.com.example", False),
     ("notaws.amazon.com", False)],
)
def test_host_allowed(host: str, allowed: bool) -> None:
    """'*.host' admits subdomains only; the comparison ignores case and a final dot."""
    assert host_allowed(host, DEFAULT_ALLOWED_HOSTS) is allowed


@pytest.mark.parametrize(
    ("target_url", "from_url", "expected"),
    [
        # use_directory_urls: true
        ("troubleshooting/", "", "troubleshooting/"),
        ("", "troubleshooting/", "../"),
        ("", "troubleshooting/mfa/", "../../"),
        ("troubleshooting/mfa/", "troubleshooting/", "mfa/"),
        ("troubleshooting/", "troubleshooting/mfa/", "../"),
        ("user-types/", "troubleshooting/mfa/", "../../user-types/"),
        ("troubleshooting/mfa/", "troubleshooting/mfa/", "./"),
        ("", "", "./"),
        ("./", "troubleshooting/mfa/", "../../"),   # MkDocs writes the home page's URL as './'
        ("./", "", "./"),
        # use_directory_urls: false
        ("troubleshooting/index.html", "index.html", "troubleshooting/index.html"),
        ("index.html", "troubleshooting/mfa.html", "../index.html"),
        ("troubleshooting/mfa.html", "troubleshooting/index.html", "mfa.html"),
        ("user-types.html", "troubleshooting/a/b.html", "../../user-types.html"),
    ],
)
def test_relative_url(target_url: str, from_url: str, expected: str) -> None:
    """The link from one built page to another, for both use_directory_urls settings."""
    assert relative_url(target_url, from_url) == expected
