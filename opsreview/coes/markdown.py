"""COE text is Markdown: rendered by markdown-it (raw HTML off), then cleaned by nh3 (Ammonia).

Two layers on purpose: the parser never passes typed HTML through, and the allow-list sanitiser
removes anything a parser bug might still let out (script, event handlers, javascript: links).
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])
TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


def clean(html: str) -> str:
    """Only the allowed tags and attributes, links to web and mail addresses only."""
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"}, link_rel="noopener noreferrer nofollow",
    )


def render(text: str | None) -> Markup:
    """Markdown to HTML that is safe to put on a page as it is."""
    return Markup(clean(PARSER.render(text or "")))  # noqa: S704 - sanitised by nh3
