"""Markdown sanitising and the server-drawn charts."""

import re

import pytest

from interviews.charts import bar_chart_svg, line_chart_svg
from interviews.markdown import render_markdown


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "<img"),
        ("[click](javascript:alert(1))", '<a href="javascript'),
        ('<a href="javascript:alert(1)">x</a>', '<a href="javascript'),
        ("![tracker](https://evil.example/pixel.png)", "<img"),
        ("![tracker](https://evil.example/pixel.png)", "evil.example"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", 'href="data:'),
    ],
)
def test_markdown_drops_dangerous_content(source, forbidden):
    assert forbidden not in render_markdown(source)


def test_markdown_keeps_formatting_and_safe_links():
    html = render_markdown(
        "# Title\n\n**bold** `code`\n\n- a\n- b\n\n[docs](https://docs.python.org)"
    )
    assert "<h3>Title</h3>" in html  # demoted below the page's headings
    assert "<strong>bold</strong>" in html
    assert "<code>code</code>" in html
    assert "<li>a</li>" in html
    assert 'href="https://docs.python.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_line_chart_is_accessible_and_has_gaps():
    svg = str(line_chart_svg([("11-01", 50), ("11-02", None), ("11-03", 80)], label="Score <x>"))
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "Score &lt;x&gt;" in svg
    assert "<desc" in svg
    assert "11-02: no value" in svg
    assert svg.count("<polyline") == 2  # the missing day splits the line
    assert ">80<" in svg
    assert "style=" not in svg


def test_line_chart_edge_labels_start_and_end_at_their_points():
    """The first label starts at its point (clear of the y axis's numbers), the last ends
    at its point (inside the chart); a single point keeps its label centred."""
    svg = str(line_chart_svg([("10-31", 78), ("11-07", 85), ("11-14", 81)], label="x"))
    anchors = re.findall(r'class="chart-axis chart-axis-x"[^>]*text-anchor="(\w+)"[^>]*>', svg)
    assert anchors == ["start", "middle", "end"]
    values = re.findall(r'class="chart-value"[^>]*text-anchor="(\w+)"', svg)
    assert values == ["start", "middle", "end"]
    single = str(line_chart_svg([("10-31", 78)], label="x"))
    assert re.findall(r'class="chart-axis chart-axis-x"[^>]*text-anchor="(\w+)"', single) == [
        "middle"
    ]


def test_bar_chart_prints_values_and_escapes_labels():
    svg = str(bar_chart_svg([("Python & <b>", 72.5), ("DB", 30)], label="By topic"))
    assert "Python &amp; &lt;b&gt;" in svg
    assert ">72.5<" in svg
    assert ">30<" in svg
    assert "chart-bar-good" in svg
    assert "chart-bar-bad" in svg
    assert "style=" not in svg


def test_empty_charts_say_so():
    assert "No data yet." in str(line_chart_svg([], label="x"))
    assert "No data yet." in str(bar_chart_svg([], label="x"))


@pytest.mark.django_db
@pytest.mark.parametrize("provider", ["local", "openai"])
def test_a_stored_why_is_sanitised_and_the_ask_button_needs_a_language_model(
    candidate, start_session, settings, provider
):
    from interviews.frames import render_turn_html
    from interviews.models import Turn

    settings.INTERVIEWER_PROVIDER = provider
    settings.OPENAI_API_KEY = "test-key"
    session = start_session(candidate)
    turn = session.turns.get()
    turn.answer, turn.evaluation_status, turn.score = "my answer", Turn.EvaluationStatus.DONE, 40
    turn.key_point_results = [
        {"text": "a", "status": "missed", "explanation": "**Because**<script>x()</script>"},
        {"text": "b", "status": "covered", "evidence": "my answer"},
    ]
    turn.save()

    html = render_turn_html(Turn.objects.select_related("session", "topic").get(pk=turn.pk), "en")

    assert "<strong>Because</strong>" in html and "<script>x()" not in html
    asks = html.count('data-action="why"')
    assert asks == (1 if provider == "openai" else 0)  # none for the one already explained


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("__eq__ compares values", "<p>__eq__ compares values</p>"),
        ("obj.__eq__(other) and __init_subclass__", "obj.__eq__(other) and __init_subclass__"),
        ("see __init__.py", "see __init__.py"),
        ("`__hash__` too", "<code>__hash__</code>"),
        ("O(n²) and n₁", "O(n²) and n₁"),
    ],
)
def test_dunder_names_and_unicode_stay_literal(source, kept):
    html = str(render_markdown(source))
    assert kept in html
    assert "<strong>eq</strong>" not in html and "<strong>init</strong>" not in html


def test_underscore_emphasis_still_works_for_words():
    assert "<strong>bold words</strong>" in render_markdown("__bold words__")
    assert "snake__case__name" in render_markdown("snake__case__name")
