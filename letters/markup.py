"""Letter bodies: `{{ name }}` placeholders, Markdown, and the sanitizing that makes them safe.

A body is written in Markdown. Whatever HTML it produces is cleaned down to a small list of
text tags, so nothing a person types can add scripts, links that fetch, or images.
"""

import re
from collections.abc import Mapping

import markdown
import nh3

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
# Characters that would change the meaning of a value dropped into Markdown.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def unknown_placeholders(text: str, known: Mapping[str, str] | set[str]) -> list[str]:
    """Names used in text that are not among the known placeholders, in order of use."""
    seen: list[str] = []
    for name in PLACEHOLDER.findall(text):
        if name not in known and name not in seen:
            seen.append(name)
    return seen


def escape_markdown(value: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def fill_placeholders(text: str, values: Mapping[str, str], *, markdown_values: set[str]) -> str:
    """Replace each known placeholder; values not in markdown_values are escaped first."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        return value if name in markdown_values else escape_markdown(value)

    return PLACEHOLDER.sub(replace, text)


def fill_plain(text: str, values: Mapping[str, str]) -> str:
    """Replace placeholders in plain text such as a subject line."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def markdown_to_safe_html(text: str) -> str:
    """Render Markdown to HTML that holds only the allowed text tags."""
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, url_schemes=set())
