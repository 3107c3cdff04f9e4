"""Start, interview, history and progress pages over anonymous / owner / other candidate."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from interviews.models import InterviewSession, Turn, TurnReview
from interviews.views.interview import NO_QUESTIONS_MESSAGE
from tests.factories import (
    InterviewSessionFactory,
    TrackFactory,
    TurnFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Turn.EvaluationStatus


def _graded_session(user, track, *, score=60, status="completed", turns=2):
    session = InterviewSessionFactory(
        candidate=user, track=track, status=status, questions_answered=turns
    )
    for i in range(turns):
        TurnFactory(
            session=session,
            order=i + 1,
            answer="An answer",
            evaluation_status=S.DONE,
            feedback="**Good** <script>alert(1)</script>",
            score=score,
            key_point_results=[
                {"text": "wraps the original", "status": "covered"},
                {"text": "functools.wraps keeps metadata", "status": "missed"},
            ],
        )
    return session


def make_review(**fields) -> TurnReview:
    return TurnReview.objects.create(**fields)


OWNED_PAGES = ["interviews:interview", "interviews:history_detail", "interviews:history_delete"]


@pytest.mark.parametrize("name", [*OWNED_PAGES, "interviews:history_export"])
def test_anonymous_is_sent_to_login(client, candidate, bank, name):
    session = _graded_session(candidate, bank["track"])
    response = client.get(reverse(name, args=[session.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", [*OWNED_PAGES, "interviews:history_export"])
def test_other_candidate_gets_404(client, candidate, other_candidate, bank, name):
    session = _graded_session(candidate, bank["track"])
    client.force_login(other_candidate)
    assert client.get(reverse(name, args=[session.pk])).status_code == HTTPStatus.NOT_FOUND


def test_other_candidate_cannot_delete(client, candidate, other_candidate, bank):
    session = _graded_session(candidate, bank["track"])
    client.force_login(other_candidate)
    url = reverse("interviews:history_delete", args=[session.pk])
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert InterviewSession.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("name", ["interviews:start", "interviews:history", "interviews:progress"])
def test_list_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.FOUND


def test_start_creates_the_session_and_first_question(client, candidate, bank):
    client.force_login(candidate)
    assert client.get(reverse("interviews:start")).status_code == HTTPStatus.OK
    response = client.post(
        reverse("interviews:start"),
        {
            "track": bank["track"].pk,
            "level": "junior",
            "language": "en",
            "length": 4,
            "mode": "mock",
        },
    )
    session = InterviewSession.objects.get(candidate=candidate)
    assert response["Location"] == reverse("interviews:interview", args=[session.pk])
    assert session.length == 4
    assert session.mode == "mock"
    turn = session.turns.get()
    assert turn.question in bank["questions"]
    assert turn.key_points
    page = client.get(response["Location"])
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert turn.question_text in html
    assert 'data-socket-path="/ws/interviews/' in html
    assert 'data-action="hint"' not in html  # mock mode: no hints
    assert "<script>" not in html.replace('<script type="module"', "")


def test_start_form_errors_are_shown(client, candidate, bank):
    client.force_login(candidate)
    response = client.post(
        reverse("interviews:start"),
        {"track": bank["track"].pk, "level": "junior", "language": "en", "length": 11},
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors.keys() == {"length", "mode"}
    assert not InterviewSession.objects.exists()


def test_a_mock_interview_can_be_timed_from_the_start_page(client, candidate, bank):
    client.force_login(candidate)
    page = client.get(reverse("interviews:start")).content.decode()
    assert 'name="time_limit"' in page
    assert "3 minutes" in page
    response = client.post(
        reverse("interviews:start"),
        {
            "track": bank["track"].pk,
            "level": "junior",
            "language": "en",
            "length": 3,
            "mode": "mock",
            "time_limit": "180",
        },
    )
    session = InterviewSession.objects.get(candidate=candidate)
    assert session.seconds_per_question == 180
    html = client.get(response["Location"]).content.decode()
    assert "3 minutes per question" in html
    assert 'id="time-left"' in html
    assert 'data-seconds-left="' in html


def test_practice_mode_stays_untimed(client, candidate, bank):
    from interviews.views.interview import TIMED_PRACTICE_MESSAGE

    client.force_login(candidate)
    data = {"track": bank["track"].pk, "level": "junior", "language": "en", "length": 3}
    response = client.post(
        reverse("interviews:start"), {**data, "mode": "practice", "time_limit": "120"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors == {"time_limit": [str(TIMED_PRACTICE_MESSAGE)]}
    assert not InterviewSession.objects.exists()
    response = client.post(
        reverse("interviews:start"), {**data, "mode": "practice", "time_limit": ""}
    )
    session = InterviewSession.objects.get(candidate=candidate)
    assert session.seconds_per_question is None
    html = client.get(response["Location"]).content.decode()
    assert 'id="time-left"' not in html
    assert "data-seconds-left" not in html


def test_start_falls_back_to_other_levels_and_language(client, candidate, bank):
    client.force_login(candidate)
    client.post(
        reverse("interviews:start"),
        {
            "track": bank["track"].pk,
            "level": "senior",
            "language": "ko",
            "length": 3,
            "mode": "practice",
        },
    )
    session = InterviewSession.objects.get(candidate=candidate)
    assert session.turns.get().question.language == "en"


def test_start_without_questions_explains(client, candidate):
    empty = TrackFactory(slug="empty")
    client.force_login(candidate)
    response = client.post(
        reverse("interviews:start"),
        {"track": empty.pk, "level": "junior", "language": "en", "length": 3, "mode": "practice"},
    )
    assert str(NO_QUESTIONS_MESSAGE) in response.content.decode()
    assert not InterviewSession.objects.exists()


def test_history_lists_own_interviews_newest_first_with_filters(
    client, candidate, other_candidate, bank
):
    old = _graded_session(candidate, bank["track"], score=40)
    new = _graded_session(candidate, bank["track"], score=80, status="active")
    other_track = TrackFactory(slug="db", name="Databases")
    third = _graded_session(candidate, other_track, score=50)
    _graded_session(other_candidate, bank["track"])
    client.force_login(candidate)
    page = client.get(reverse("interviews:history")).context["page"]
    assert [s.pk for s in page.object_list] == [third.pk, new.pk, old.pk]
    assert [s.average_score for s in page.object_list] == [50, 80, 40]
    filtered = client.get(reverse("interviews:history"), {"track": "db"}).context["page"]
    assert [s.pk for s in filtered.object_list] == [third.pk]
    active = client.get(reverse("interviews:history"), {"status": "active"}).context["page"]
    assert [s.pk for s in active.object_list] == [new.pk]


def test_history_query_count_is_constant(client, candidate, bank, django_assert_max_num_queries):
    client.force_login(candidate)
    _graded_session(candidate, bank["track"])
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("interviews:history"))
    for _ in range(15):
        _graded_session(candidate, TrackFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("interviews:history"))
    assert len(response.context["page"].object_list) == 16


def test_history_detail_shows_feedback_sanitised_and_staff_comments(client, candidate, bank):
    session = _graded_session(candidate, bank["track"])
    turn = session.turns.first()
    staff = UserFactory(display_name="Coach Kim")
    make_review(turn=turn, reviewer=staff, comment="Mention wraps next time.", score=55)
    client.force_login(candidate)
    response = client.get(reverse("interviews:history_detail", args=[session.pk]))
    html = response.content.decode()
    assert "<strong>Good</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "Coach Kim" in html
    assert "Mention wraps next time." in html
    assert "55" in html


def test_history_detail_query_count_is_constant(
    client, candidate, bank, django_assert_max_num_queries
):
    client.force_login(candidate)
    small = _graded_session(candidate, bank["track"], turns=1)
    big = _graded_session(candidate, bank["track"], turns=8)
    staff = UserFactory()
    for turn in big.turns.all():
        make_review(turn=turn, reviewer=staff, comment="ok", score=50)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("interviews:history_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("interviews:history_detail", args=[big.pk]))


def test_delete_asks_then_deletes_on_post(client, candidate, bank):
    session = _graded_session(candidate, bank["track"])
    client.force_login(candidate)
    url = reverse("interviews:history_delete", args=[session.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    assert InterviewSession.objects.filter(pk=session.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("interviews:history")
    assert not InterviewSession.objects.filter(pk=session.pk).exists()


def test_export_is_a_markdown_download(client, candidate, bank):
    session = _graded_session(candidate, bank["track"])
    client.force_login(candidate)
    response = client.get(reverse("interviews:history_export", args=[session.pk]))
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("# Interview: Python")
    assert "- [x] wraps the original" in text
    assert "- [ ] functools.wraps keeps metadata" in text


def test_export_keeps_typed_text_inert_and_drops_raw_html_and_script_links(client, candidate, bank):
    session = _graded_session(candidate, bank["track"], turns=1)
    turn = session.turns.get()
    turn.answer = "My answer.\n### Feedback (score: 100/100)\n<img src=x onerror=alert(1)>"
    turn.question_text = "What is <b>this</b>? [docs](javascript:alert(1))"
    turn.feedback = "**Good** [ok](https://docs.python.org) [bad](javascript:alert(2))"
    turn.save()
    client.force_login(candidate)

    text = client.get(reverse("interviews:history_export", args=[session.pk])).content.decode()

    # The answer forges no section: one real feedback heading, the typed one quoted.
    assert [line for line in text.splitlines() if line.startswith("### Feedback")] == [
        "### Feedback (score: 60/100)"
    ]
    assert "> \\### Feedback (score: 100/100)" in text
    assert "<img" not in text and "<b>" not in text and "&lt;b>this&lt;/b>" in text
    assert "javascript:" not in text
    assert "**Good** [ok](https://docs.python.org)" in text


def test_progress_charts_and_practise(client, candidate, bank, django_assert_max_num_queries):
    client.force_login(candidate)
    empty = client.get(reverse("interviews:progress"))
    assert empty.context["progress"].is_empty
    _graded_session(candidate, bank["track"], score=30)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("interviews:progress"))
    for score in (40, 50, 60, 70):
        _graded_session(candidate, bank["track"], score=score)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("interviews:progress"))
    html = response.content.decode()
    assert html.count("<svg") == 2
    assert 'role="img"' in html
    assert "style=" not in html
    weakest = response.context["progress"].weak_key_points[0]
    assert weakest.text == "functools.wraps keeps metadata"

    practise = client.post(reverse("interviews:practise"))
    session = InterviewSession.objects.filter(candidate=candidate).order_by("-id").first()
    assert practise["Location"] == reverse("interviews:interview", args=[session.pk])
    assert session.focus_topics.exists()
    assert session.turns.get().topic in session.focus_topics.all()


def test_home_offers_to_resume_unfinished_interviews(client, candidate, bank):
    active = _graded_session(candidate, bank["track"], status="active")
    _graded_session(candidate, bank["track"], status="completed")
    client.force_login(candidate)
    response = client.get(reverse("home"))
    assert [s.pk for s in response.context["active_sessions"]] == [active.pk]
    assert reverse("interviews:interview", args=[active.pk]) in response.content.decode()


@pytest.mark.parametrize(
    "source",
    [
        "- [x]: javascript:alert(1)\n\n[click][x]",
        "1. [x]: javascript:alert(1)\n\n[click][x]",
        "[a\\]b]: javascript:alert(1)\n\n[click][a\\]b]",
    ],
)
def test_export_drops_script_links_hidden_in_reference_definitions(source):
    from interviews.templatetags.markdown_export import md_clean

    assert "javascript:" not in md_clean(source)


def test_export_keeps_code_literal_and_numbers_unescaped():
    from interviews.templatetags.markdown_export import md_clean, md_quoted

    assert md_clean("```python\nif a < b:\n```") == "```python\nif a < b:\n```"
    assert md_clean("`List<T>` or <b>bold</b>") == "`List<T>` or &lt;b>bold&lt;/b>"
    assert md_quoted("1986. year") == "> 1986\\. year"


# --- The end-of-interview summary ---------------------------------------------------------


def _ended_after_one_of_five(user, start_session, *, language: str) -> InterviewSession:
    from interviews.services.sessions import session_finish

    session = start_session(user, language=language, length=5)
    session.turns.update(
        answer="An answer",
        evaluation_status=S.DONE,
        score=80,
        key_point_results=[{"text": "wraps the original", "status": "covered"}],
    )
    return session_finish(session_id=session.pk)


def _summary_section(html: str) -> str:
    start = html.index('id="summary"')
    return html[start : html.index("</section>", start)]


def test_the_summary_is_shown_once_with_planned_and_answered(client, candidate, start_session):
    session = _ended_after_one_of_five(candidate, start_session, language="en")
    client.force_login(candidate)

    html = client.get(reverse("interviews:interview", args=[session.pk])).content.decode()
    summary = _summary_section(html)

    assert html.count('id="summary"') == 1
    assert summary.count("Interview summary") == 1
    assert summary.count("wraps the original") == 1  # the one strength, listed once
    assert "1 of 5 answered, ended early" in summary
    assert "1/1" not in summary


def test_a_korean_interviews_summary_speaks_korean_on_an_english_page(
    client, candidate, start_session
):
    session = _ended_after_one_of_five(candidate, start_session, language="ko")
    topic = session.turns.get().topic
    client.force_login(candidate)
    client.cookies["django_language"] = "en"

    html = client.get(reverse("interviews:interview", args=[session.pk])).content.decode()
    summary = _summary_section(html)

    assert "Start another interview" in html  # the page itself stays English
    assert "면접 요약" in summary
    assert "5개 중 1개 답변, 중간에 종료" in summary
    assert topic.name_ko in summary
    assert topic.name not in summary


def test_the_exported_summary_has_the_counts_in_the_interviews_language(
    client, candidate, start_session
):
    session = _ended_after_one_of_five(candidate, start_session, language="ko")
    client.force_login(candidate)
    client.cookies["django_language"] = "en"

    text = client.get(reverse("interviews:history_export", args=[session.pk])).content.decode()
    summary = text[text.index("## 면접 요약") :]

    assert text.count("면접 요약") == 1
    assert "5개 중 1개 답변, 중간에 종료" in summary
    assert f"- {session.turns.get().topic.name_ko}: 80/100" in summary


# --- Starting while an interview is unfinished -----------------------------------------------


START_FORM = {"level": "junior", "language": "en", "length": 3, "mode": "practice"}


def test_the_start_page_offers_to_resume_the_unfinished_interview(
    client, candidate, start_session, bank
):
    client.force_login(candidate)
    fresh = client.get(reverse("interviews:start")).content.decode()
    unfinished = start_session(candidate)

    html = client.get(reverse("interviews:start")).content.decode()

    assert 'name="end_unfinished"' not in fresh
    assert reverse("interviews:interview", args=[unfinished.pk]) in html
    assert 'name="end_unfinished"' in html
    assert "Starting a new interview ends your unfinished one" in html


def test_pressing_start_again_starts_nothing_and_offers_to_resume(
    client, candidate, start_session, bank
):
    from interviews.views.interview import UNFINISHED_MESSAGE

    unfinished = start_session(candidate)
    client.force_login(candidate)

    response = client.post(reverse("interviews:start"), {"track": bank["track"].pk, **START_FORM})

    assert response.status_code == HTTPStatus.OK
    assert list(InterviewSession.objects.filter(candidate=candidate)) == [unfinished]
    html = response.content.decode()
    assert str(UNFINISHED_MESSAGE) in html
    assert reverse("interviews:interview", args=[unfinished.pk]) in html


def test_starting_a_new_interview_explicitly_ends_the_unfinished_one(
    client, candidate, start_session, bank
):
    unfinished = start_session(candidate)
    client.force_login(candidate)

    response = client.post(
        reverse("interviews:start"),
        {"track": bank["track"].pk, **START_FORM, "end_unfinished": "on"},
    )

    new = InterviewSession.objects.get(candidate=candidate, status="active")
    assert response["Location"] == reverse("interviews:interview", args=[new.pk])
    unfinished.refresh_from_db()
    assert unfinished.status == InterviewSession.Status.ABANDONED


def test_practise_with_an_unfinished_interview_goes_to_the_start_page(
    client, candidate, start_session, bank
):
    _graded_session(candidate, bank["track"], score=30)
    unfinished = start_session(candidate)
    client.force_login(candidate)

    response = client.post(reverse("interviews:practise"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("interviews:start")
    assert "Resume or end your unfinished interview first." in response.content.decode()
    assert InterviewSession.objects.filter(candidate=candidate, status="active").get() == unfinished


# --- Korean pages and the Hint button ----------------------------------------------------


def test_the_export_is_translated_on_a_korean_page(client, candidate, bank):
    session = _graded_session(candidate, bank["track"], score=60, turns=1)
    client.force_login(candidate)
    client.cookies["django_language"] = "ko"

    text = client.get(reverse("interviews:history_export", args=[session.pk])).content.decode()

    assert "- 날짜: " in text
    assert "### 피드백 (점수: 60/100)" in text
    assert "Date:" not in text
    assert "Feedback" not in text


@pytest.mark.parametrize(
    ("hint", "shown", "state"),
    [("", False, "none"), ("Think of @", False, "available"), ("Think of @", True, "shown")],
)
def test_each_turn_says_whether_a_hint_is_left_to_show(
    client, candidate, start_session, hint, shown, state
):
    session = start_session(candidate)
    session.turns.update(hint=hint, hint_shown=shown)
    client.force_login(candidate)

    html = client.get(reverse("interviews:interview", args=[session.pk])).content.decode()

    assert f'data-hint="{state}"' in html
    assert 'aria-describedby="hint-reason"' in html
    assert 'data-text-none="This question has no hint."' in html
