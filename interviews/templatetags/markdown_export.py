"""Filters for the Markdown export (templates/interviews/export.md).

The export is Markdown that other tools render, so text is made inert there, as the
site's own renderer makes it inert in pages:

- `md_quoted`: what a person typed (the answer, a staff comment) as a block quote whose
  every line is literal: no headings that forge a "Feedback (score: 100/100)" section,
  no raw HTML, no links.
- `md_clean`: Markdown the interviewer or a curator wrote (feedback, model answer,
  summary, question): its formatting is kept, raw HTML is escaped, and only http(s),
  mailto and relative links survive.
"""

import re

from django import template

register = template.Library()

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Characters that start Markdown structure or inline markup.
_INLINE = re.compile(r"([\\`*_\[\]!|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)>?[^)]*\)")
# A link reference definition, also inside a list item or a quote, with escapes in its
# label ("- [a\]b]: javascript:…").
_REFERENCE_LINK = re.compile(
    r"^((?:\s*(?:[-*+]|\d+[.)]|>))*\s*\[(?:[^\]\\\n]|\\.)+\]:\s*)<?([^\s>]+)", re.MULTILINE
)
# Code keeps its text: fenced blocks and inline spans are not escaped.
_CODE = re.compile(r"(^```.*?^```[^\n]*$|^~~~.*?^~~~[^\n]*$|`[^`\n]+`)", re.MULTILINE | re.DOTALL)
_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|#|/(?!/))", re.IGNORECASE)


@register.filter
def md_quoted(text: object) -> str:
    lines = []
    for line in str(text or "").splitlines() or [""]:
        line = _INLINE.sub(r"\\\1", line.translate(_HTML))
        line = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        line = _NUMBERED.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        lines.append(f"> {line}".rstrip())
    return "\n".join(lines)


def _safe_target(match: re.Match) -> str:
    target = match.group(1)
    return match.group(0) if _SAFE_SCHEME.match(target) else "]()"


def _escape_html_outside_code(text: str) -> str:
    """ "<" starts raw HTML or an autolink: escaped outside code ("&" and ">" are harmless
    once "<" is, and a quote's ">" stays a quote)."""
    parts = _CODE.split(text)
    return "".join(
        part if index % 2 else part.replace("<", "&lt;") for index, part in enumerate(parts)
    )


@register.filter
def md_clean(text: object) -> str:
    text = _escape_html_outside_code(str(text or ""))
    text = _LINK_TARGET.sub(_safe_target, text)
    return _REFERENCE_LINK.sub(
        lambda m: m.group(0) if _SAFE_SCHEME.match(m.group(2)) else m.group(1) + "#", text
    )


@register.filter
def md_inline(text: object) -> str:
    """A name or title inside a line: literal, on one line."""
    return _INLINE.sub(r"\\\1", " ".join(str(text or "").split()).translate(_HTML))


@register.filter
def md_quote_clean(text: object) -> str:
    """Curated Markdown (a question) as a block quote."""
    return "\n".join(f"> {line}".rstrip() for line in md_clean(text).splitlines() or [""])
