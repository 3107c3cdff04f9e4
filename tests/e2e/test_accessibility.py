"""axe-core over the main pages of every role, at desktop and phone sizes: no critical or
serious violation (colour contrast included). axe is the npm build vendored in
tests/e2e/vendor/axe-core/ (its README says which and why there); Playwright puts it into
each page, so the site's CSP and static files stay as they are in production.

One Daphne and one Chromium serve every role and size of the module (a test per role and
size, each in its own browser context); the data is the demo cohort's
(`demo_data_ensure`) plus a live interview with an evaluated answer, so every badge and
chart is on some page. The module writes its rows once and flushes them at the end, as
a transactional test does."""

from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.demo import DEMO_ACCOUNTS
from accounts.models import User
from interviews.demo import demo_data_ensure
from interviews.models import InterviewerPersona, InterviewSession, Question, Turn
from interviews.services.sessions import session_start
from tests.e2e.conftest import CHROMIUM, daphne_server

# The mark has the test database made; the rows are the module's own (see `site`), each
# test only reads them through the browser.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
ROLES = ["anonymous", "candidate", "staff", "curator"]
BLOCKING = ("critical", "serious")
# The blocking violations with the first few elements each names.
RUN_AXE = """async (blocking) => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations
        .filter((v) => blocking.includes(v.impact))
        .map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            count: v.nodes.length,
            nodes: v.nodes.slice(0, 6).map((n) => ({
                target: n.target.join(" "),
                html: n.html.slice(0, 160),
                summary: (n.failureSummary || "").slice(0, 300),
            })),
        }));
}"""


@dataclass
class RolePages:
    paths: list[str]
    session_cookie: str = ""
    language: str = "en"
    # A selector to wait for before axe runs, by path (the live interview's composer).
    ready: dict[str, str] = field(default_factory=dict)


def _session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _demo_user(role: str) -> User:
    email = next(a.email for a in DEMO_ACCOUNTS if a.role == role)
    return User.objects.get(email=email)


def _live_interview(user: User) -> InterviewSession:
    """A practice interview with one evaluated answer (every key-point verdict, a flag)
    above the question waiting for the next answer."""
    question = Question.objects.filter(language="en", track__isnull=False).first()
    assert question is not None
    session = session_start(
        user=user, track=question.track, level="junior", language="en", length=3, mode="practice"
    )
    waiting = session.turns.get()
    Turn.objects.filter(pk=waiting.pk).update(order=2)
    Turn.objects.create(
        session=session,
        order=1,
        question=question,
        topic=question.topic,
        question_text=question.text,
        model_answer=question.model_answer,
        answer="A decorator wraps a function. See `functools.wraps`.",
        evaluation_status=Turn.EvaluationStatus.DONE,
        feedback="**Good start.** Read [the docs](https://docs.python.org/3/) about it.",
        score=55,
        key_point_results=[
            {"text": "Wraps a function", "status": "covered", "evidence": "wraps a function"},
            {"text": "Returns a new callable", "status": "partly"},
            {"text": "Keeps the metadata", "status": "missed"},
            {"text": "Runs at definition time", "status": "contradicted"},
        ],
        answer_flag="copied_question",
        flag_reason="The answer repeats the question.",
        graded_offline=True,
    )
    return session


def _role_pages() -> dict[str, RolePages]:
    _users, cohort = demo_data_ensure()
    alex = User.objects.get(email="alex@example.com")
    finished = alex.interview_sessions.filter(status="completed").first()
    live = reverse("interviews:interview", args=[_live_interview(alex).pk])
    seojun = User.objects.get(email="seojun@example.com")
    reviewed = seojun.interview_sessions.filter(turns__reviews__isnull=False).first()
    assert finished and reviewed
    question = Question.objects.order_by("pk").first()
    persona = InterviewerPersona.objects.first()
    assert question is not None and persona is not None
    return {
        "anonymous": RolePages(["/", reverse("account_login"), reverse("account_signup")]),
        "candidate": RolePages(
            [
                "/",
                reverse("interviews:start"),
                live,
                reverse("interviews:history"),
                reverse("interviews:history_detail", args=[finished.pk]),
                reverse("interviews:progress"),
                reverse("accounts:profile"),
            ],
            _session_cookie(alex),
            ready={live: "#answer:not([disabled])"},
        ),
        "staff": RolePages(
            [
                reverse("staff:cohorts"),
                reverse("staff:dashboard", args=[cohort.pk]),
                reverse("staff:candidate", args=[cohort.pk, seojun.pk]),
                reverse("staff:transcript", args=[cohort.pk, reviewed.pk]),
                reverse("staff:calibration", args=[cohort.pk]),
            ],
            _session_cookie(_demo_user("staff")),
        ),
        "curator": RolePages(
            [
                reverse("admin:index"),
                reverse("admin:interviews_question_changelist"),
                reverse("admin:interviews_question_change", args=[question.pk]),
                reverse("admin:interviews_question_preview", args=[question.pk]),
                reverse("admin:interviews_question_import"),
                reverse("admin:interviews_track_change", args=[question.track_id]),
                reverse("admin:interviews_interviewerpersona_change", args=[persona.pk]),
                reverse("bank_analytics"),
                reverse("bank_changes"),
            ],
            _session_cookie(_demo_user("curator")),
        ),
    }


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """(the server's URL, its pages by role, the browser) for the whole module."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        if connection.vendor != "postgresql":
            pytest.skip("the browser test serves the app from PostgreSQL")
        # Playwright's sync API runs an event loop in this thread; the ORM calls made
        # meanwhile are plain synchronous calls.
        stack.enter_context(pytest.MonkeyPatch.context()).setenv(
            "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
        )
        # Last out: the rows go once the server's sessions have ended.
        stack.callback(call_command, "flush", interactive=False, verbosity=0)
        pages = _role_pages()
        base = stack.enter_context(daphne_server())
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        stack.callback(browser.close)
        yield base, pages, browser


def _violations(browser, base: str, role: RolePages, viewport) -> dict[str, list]:
    """{path: [blocking violation, …]} for the role's pages that have some."""
    context = browser.new_context(
        locale="ko-KR" if role.language == "ko" else "en-US", viewport=viewport
    )
    # An init script runs before the page's own scripts and outside the page's CSP.
    context.add_init_script(path=str(AXE))
    cookies = [{"name": "django_language", "value": role.language, "url": base}]
    if role.session_cookie:
        cookies.append({"name": "sessionid", "value": role.session_cookie, "url": base})
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(20_000)
    found = {}
    try:
        for path in role.paths:
            response = page.goto(base + path)
            assert response is not None
            assert response.ok, f"{path}: HTTP {response.status}"
            if path in role.ready:
                page.wait_for_selector(role.ready[path])
            violations = page.evaluate(RUN_AXE, list(BLOCKING))
            if violations:
                found[path] = violations
    finally:
        context.close()
    return found


def _report(found: dict[str, list]) -> str:
    lines = []
    for path, violations in found.items():
        for v in violations:
            lines.append(f"{path}: {v['impact']} {v['id']} ({v['count']} nodes) {v['help']}")
            for node in v["nodes"]:
                lines.append(f"    {node['target']}  {node['html']}")
                if node["summary"]:
                    lines.append("        " + node["summary"].replace("\n", " | "))
    return "\n".join(lines)


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("role", ROLES)
def test_no_critical_or_serious_violations(site, role, size):
    base, pages, browser = site
    found = _violations(browser, base, pages[role], VIEWPORTS[size])
    assert not found, f"{role} at {size} size:\n" + _report(found)


@pytest.mark.parametrize("role", ROLES)
def test_korean_pages_have_no_critical_or_serious_violations(site, role):
    """The same pages in Korean, at phone size (where longer or shorter labels wrap)."""
    base, pages, browser = site
    found = _violations(browser, base, replace(pages[role], language="ko"), VIEWPORTS["phone"])
    assert not found, f"{role} in Korean:\n" + _report(found)


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_page_with_a_message_has_no_serious_violations(site, size):
    """Saving the profile comes back with a message (the list of messages, a live region)."""
    base, pages, browser = site
    context = browser.new_context(locale="en-US", viewport=VIEWPORTS[size])
    context.add_init_script(path=str(AXE))
    context.add_cookies(
        [
            {"name": "django_language", "value": "en", "url": base},
            {"name": "sessionid", "value": pages["candidate"].session_cookie, "url": base},
        ]
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(base + reverse("accounts:profile"))
        page.click("main form.stacked-form [type=submit]")
        page.wait_for_selector(".messages .message.success")
        found = page.evaluate(RUN_AXE, list(BLOCKING))
    finally:
        context.close()
    assert not found, _report({"after saving the profile": found})


# A line chart's texts that collide, as the browser lays them out: an x-axis label reaching
# into the y axis's column of numbers, or a value's box meeting any axis label's.
COLLIDING_LABELS = """() => {
    const out = [];
    const box = (t) => [t.textContent, t.getBoundingClientRect()];
    const meet = (p, q) =>
        p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom;
    for (const svg of document.querySelectorAll("svg.chart-line")) {
        const ys = [...svg.querySelectorAll("text.chart-axis-y")].map(box);
        const xs = [...svg.querySelectorAll("text.chart-axis-x")].map(box);
        const values = [...svg.querySelectorAll("text.chart-value")].map(box);
        const yAxisRight = Math.max(...ys.map(([, b]) => b.right));
        for (const [name, b] of xs) {
            if (b.left < yAxisRight) out.push(name + " reaches into the y axis");
        }
        for (const [value, b] of values) {
            for (const [name, q] of ys.concat(xs)) {
                if (meet(b, q)) out.push(value + " / " + name);
            }
        }
    }
    return out;
}"""


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_progress_charts_labels_do_not_overlap(site, size):
    base, pages, browser = site
    context = browser.new_context(locale="en-US", viewport=VIEWPORTS[size])
    context.add_cookies(
        [{"name": "sessionid", "value": pages["candidate"].session_cookie, "url": base}]
    )
    page = context.new_page()
    try:
        page.goto(base + reverse("interviews:progress"))
        assert page.locator("svg.chart-line text.chart-axis-x").count() > 2
        colliding = page.evaluate(COLLIDING_LABELS)
    finally:
        context.close()
    assert colliding == []
