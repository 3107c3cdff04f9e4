"""Feedback Markdown → safe HTML.

The interviewer's feedback (and the candidate's answer quoted in it) is untrusted
text: markdown-it renders it with raw HTML disabled, then nh3 keeps only a small
set of tags. Links may only be http(s)/mailto (no `javascript:`), and images are
dropped entirely so a page never loads a remote image chosen by the model.

The browser formats feedback while it streams with the same rules:
`static/js/interview/markdown.js` (markdown-it 14.1.0, the version markdown-it-py
ports, and DOMPurify) mirrors the policy below, and
`tests/e2e/test_streamed_markdown.py` compares the two.
"""

import re
from collections.abc import Iterable
from typing import Any

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
# Allowed on every tag (nh3's "*"): its own default, stated so the browser can mirror it.
GENERIC_ATTRIBUTES = {"lang", "title"}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

# A dunder name (`__eq__`, `__init_subclass__`) written without backticks: CommonMark
# reads `__eq__` as a bold "eq". Matched only as a whole word, so `__bold text__` and
# `snake__case` keep CommonMark's meaning. ASCII word characters only, as in the browser.
_DUNDER = re.compile(r"__[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*__")
_WORD = re.compile(r"[A-Za-z0-9_]")

# "commonmark" with html=False: raw HTML in the source is shown as text, not parsed.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable("table")
_md.enable("strikethrough")


def _dunder_literal(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if not state.src.startswith("__", pos) or (pos and _WORD.match(state.src[pos - 1])):
        return False
    match = _DUNDER.match(state.src, pos, state.posMax)
    if match is None or (match.end() < state.posMax and _WORD.match(state.src[match.end()])):
        return False
    if not silent:
        state.push("text", "", 0).content = match.group()
    state.pos = match.end()
    return True


# Before emphasis, which would take the underscores; code spans are already literal.
_md.inline.ruler.before("emphasis", "dunder", _dunder_literal)


def _image_as_text(self, tokens, idx, options, env) -> str:
    # No remote images: an image becomes its (escaped) alt text.
    return escape(tokens[idx].content)


_md.add_render_rule("image", _image_as_text)


def render_markdown(text: str) -> SafeString:
    """Renders Markdown to sanitised HTML (headings are demoted below the page's h2)."""
    if not text:
        return mark_safe("")
    html = _md.render(text)
    # Feedback sits inside a turn card: its headings must not outrank the page's own.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return sanitise_html(html)


def sanitise_html(html: str) -> SafeString:
    """Keeps only the allowed tags, attributes and link schemes of `html`."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={**ALLOWED_ATTRIBUTES, "*": GENERIC_ATTRIBUTES},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def attach_rendered(*, turns: Iterable[Any] = ()) -> None:
    """Sets `feedback_html` on evaluated turns, for the templates (one place renders
    Markdown, so every page shows it the same way). The session summary is drawn from
    its stored items by `_summary.html`, never from the engine's Markdown text: showing
    both printed the summary twice."""
    from interviews import engine

    asks_model = engine.uses_language_model()
    for turn in turns:
        done = turn.evaluation_status == "done"
        turn.feedback_html = render_markdown(turn.feedback) if done else ""
        # "Why?" goes to the interviewer only when a language model grades; offline the
        # card's own evidence and reference are the rubric's explanation.
        turn.can_ask_why = done and asks_model
        for point in turn.key_point_results or ():
            if isinstance(point, dict) and point.get("explanation"):
                point["explanation_html"] = render_markdown(point["explanation"])
