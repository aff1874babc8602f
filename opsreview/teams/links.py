"""Team links written as text: one per line, a label then an http(s) URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class LinkLine:
    label: str
    url: str


def is_web_url(url: str) -> bool:
    """Only http and https: a javascript: or data: link must never reach a page."""
    try:
        parts = urlsplit(url)
    except ValueError:  # for example "http://[" (a broken IPv6 address)
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def parse_links(text: str) -> tuple[list[LinkLine], list[str]]:
    """Parse ``Label https://...`` lines; return links and errors."""
    links, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        label, _, url = line.rpartition(" ")
        label = label.strip(" |:-") or url
        if not is_web_url(url):
            errors.append(f"Link {number} ({line[:60]}): the URL must start with http:// or https://.")
            continue
        links.append(LinkLine(label[:120], url[:500]))
    return links, errors


def format_links(links: list[LinkLine], separator: str = "\n") -> str:
    return separator.join(f"{link.label} {link.url}" for link in links)
