"""Feedback Markdown → safe HTML.

The interviewer's feedback (and the candidate's answer quoted in it) is untrusted
text: markdown-it renders it with raw HTML disabled, then nh3 keeps only a small
set of tags. Links may only be http(s)/mailto (no `javascript:`), and images are
dropped entirely so a page never loads a remote image chosen by the model.
"""

from collections.abc import Iterable
from typing import Any

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto"}

# "commonmark" with html=False: raw HTML in the source is shown as text, not parsed.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable("table")
_md.enable("strikethrough")


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
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
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
