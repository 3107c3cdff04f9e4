"""Feedback is formatted while it streams, under the server's sanitising rules: the
browser's renderer (static/js/interview/markdown.js) keeps the allowlists of
interviews/markdown.py and renders the same samples to the same HTML, and a model's
HTML or `javascript:` link never runs or becomes a live link, before `done` or after.

Daphne's interviewer is the language model path, served by the local OpenAI-compatible
test server at a visible pace (`daphne`, `browser_page`: tests/e2e/conftest.py)."""

import json

import pytest
from django.test import Client

from interviews.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    GENERIC_ATTRIBUTES,
    LINK_REL,
    URL_SCHEMES,
    render_markdown,
    sanitise_html,
)
from interviews.services.sessions import session_start
from tests.factories import QuestionFactory, TopicFactory, TrackFactory, UserFactory
from tests.fakes.openai_server import FakeOpenAIServer, Reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODULE = "/static/js/interview/markdown.js"

MARKDOWN_SAMPLES = [
    "**Score**: 80/100\n\n### Covered\n- `__eq__` and __hash__\n- O(n²) lookups, n₁",
    "# Title\n\n## Part\n\nText with *em*, ~~old~~ and __bold words__.",
    "obj.__eq__(other), __init__.py, __init_subclass__, snake__case__name",
    "```python\ndef __eq__(self, other):\n    return '<b>' == other\n```",
    "| a | b |\n|:--|--:|\n| `x` | **y** |",
    "3. third\n4. fourth\n\n> quoted **text**\n\n---",
    '[docs](https://docs.python.org "Docs") [rel](/interviews/) [mail](mailto:a@b.c)',
    "[bad](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) <javascript:x>",
    "![tracker](https://evil.example/pixel.png) <https://example.com/a>",
    '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:x">y</a>',
    "한국어 **굵게** 와 `코드`, 그리고 O(log n)   \n줄바꿈",
]

HTML_SAMPLES = [
    '<a href="javascript:alert(1)" onclick="alert(2)" title="t">a</a>',
    '<a href="/relative" title="t" class="c" data-x="1">b</a><p lang="ko" dir="rtl">c</p>',
    '<a href="https://example.com">c</a><a href="ftp://example.com">d</a>',
    '<table><tbody><tr><td align="left" style="color:red" title="x">1</td>'
    '<th align="right">2</th></tr></tbody></table>',
    '<ol start="3" type="a" class="x"><li title="t">i</li></ol>',
    "<p>before</p><script>alert(1)</script><p>after</p>",
    '<img src="x" onerror="alert(1)"><iframe src="https://e.example"></iframe>z',
    '<div id="d"><strong aria-label="x">kept</strong> <span>text</span></div>',
    "<h1>h1</h1><h2>h2</h2><h3 id='x'>h3</h3><!-- comment --><del>d</del><hr><br>",
    '<blockquote cite="https://x.example">'
    '<pre><code class="language-py">x</code></pre></blockquote>',
]

# Each text delta is one whitespace-separated token; 25 a second keeps the stream
# visibly running for a few seconds.
STREAMED_FEEDBACK = (
    "**Solid answer.** You explained `__eq__` and the cost O(n²) clearly.\n\n"
    "### What to add\n\n"
    "- Mention `functools.wraps` and why __init__ matters here.\n"
    '- <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">\n'
    "- [click me](javascript:window.__pwned=3) and "
    '<a href="javascript:window.__pwned=4">raw link</a>\n\n'
    + " ".join(["More detail on wrapping and caching follows here."] * 6)
)
EVALUATION = json.dumps(
    {
        "key_points": [
            {"id": 1, "verdict": "covered", "evidence": "takes a function and returns a new one"}
        ],
        "strengths": [],
        "improvements": [],
        "flag": "",
        "reason": "",
    }
)


@pytest.fixture
def fake_openai():
    reply = Reply(f"{STREAMED_FEEDBACK}\n<evaluation>\n{EVALUATION}\n</evaluation>")
    with FakeOpenAIServer(default=reply, tokens_per_second=25) as server:
        yield server


@pytest.fixture
def daphne_env(fake_openai):
    return {
        "INTERVIEWER_PROVIDER": "openai",
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": fake_openai.url,
        "OPENAI_MODEL": "fake-model",
        "OPENAI_MAX_RETRIES": "0",
    }


def _logged_in(page, base, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def _normalised(page, html: str) -> str:
    """The browser's own serialisation of `html` (attribute quoting, void tags)."""
    return page.evaluate(
        "(html) => { const t = document.createElement('template'); t.innerHTML = html;"
        " return t.innerHTML; }",
        html,
    )


def test_the_browser_keeps_the_servers_allowlists_and_renders_the_same_html(daphne, browser_page):
    page = browser_page
    page.goto(f"{daphne}/")
    policy = page.evaluate(f"async () => (await import('{MODULE}')).POLICY")
    assert set(policy["tags"]) == ALLOWED_TAGS
    assert {tag: set(names) for tag, names in policy["attributes"].items()} == ALLOWED_ATTRIBUTES
    assert set(policy["genericAttributes"]) == GENERIC_ATTRIBUTES
    assert set(policy["urlSchemes"]) == URL_SCHEMES
    assert policy["linkRel"] == LINK_REL

    to_html = (
        "async ([name, samples]) => { const m = await import('" + MODULE + "');"
        " return samples.map((s) => { const d = document.createElement('div');"
        " d.append(m[name](s)); return d.innerHTML; }); }"
    )
    in_browser = page.evaluate(to_html, ["renderMarkdown", MARKDOWN_SAMPLES])
    for sample, got in zip(MARKDOWN_SAMPLES, in_browser, strict=True):
        assert got == _normalised(page, str(render_markdown(sample))), sample
    sanitised = page.evaluate(to_html, ["sanitise", HTML_SAMPLES])
    for sample, got in zip(HTML_SAMPLES, sanitised, strict=True):
        assert got == _normalised(page, str(sanitise_html(sample))), sample
    assert "<strong>eq</strong>" not in in_browser[0]
    assert "O(n²)" in in_browser[0]
    # Parsing the raw samples (inert, in DOMPurify's own document) makes Chromium report
    # their inline style to the CSP; anything else would be a real error.
    assert not [e for e in page.errors if "Content Security Policy" not in e]


def test_streamed_feedback_is_formatted_before_done_and_model_html_never_runs(
    daphne, browser_page, fake_openai
):
    user = UserFactory()
    track = TrackFactory(slug="stream-md", name="Stream Markdown")
    QuestionFactory(track=track, topic=TopicFactory(track=track, slug="deco", name="Deco"))
    session = session_start(
        user=user, track=track, level="junior", language="en", length=3, mode="practice"
    )
    page = browser_page
    _logged_in(page, daphne, user)
    page.goto(f"{daphne}/interviews/{session.pk}/")
    page.wait_for_selector("#answer:not([disabled])")
    page.locator("#answer").fill("A decorator takes a function and returns a new one.")
    page.locator("#answer").press("Enter")

    stream = "[data-stream]"
    page.wait_for_selector(f"{stream} strong")
    page.wait_for_selector(f"{stream} code")
    seen = page.evaluate(
        """(sel) => {
            const el = document.querySelector(sel);
            return {
                card: Boolean(document.querySelector('.evaluation-card')),
                html: el.innerHTML,
                text: el.textContent,
                live: [...document.querySelectorAll('#transcript a')].map((a) => a.href),
                scripts: document.querySelectorAll('#transcript script, #transcript img').length,
            };
        }""",
        stream,
    )
    assert not seen["card"]  # formatted while it streams, not only at `done`
    assert "<code>__eq__</code>" in seen["html"]
    assert "**" not in seen["text"]

    page.wait_for_selector(".evaluation-card")
    page.wait_for_function(
        "() => document.querySelector('.evaluation-card .feedback-body').textContent"
        ".includes('click me')"
    )
    after = page.evaluate(
        """() => ({
            html: document.querySelector('.evaluation-card .feedback-body').innerHTML,
            live: [...document.querySelectorAll('#transcript a')].map((a) => a.href),
            scripts: document.querySelectorAll('#transcript script, #transcript img').length,
            pwned: window.__pwned ?? null,
        })"""
    )
    for view in (seen, after):
        assert not [href for href in view["live"] if href.lower().startswith("javascript")]
        assert view["scripts"] == 0
    assert after["pwned"] is None
    # Raw HTML from the model is shown as text, the bad link as its words.
    assert "&lt;script&gt;" in after["html"]
    assert "O(n²)" in after["html"] and "__init__" in after["html"]
    assert "<strong>init</strong>" not in after["html"]
    assert fake_openai.requests  # the model path really streamed this feedback
    assert not page.errors
