"""interviews/frames.py is the transport edge: every domain reason has its error code,
every announced event becomes its frames, and the services never reach past it."""

import ast
from pathlib import Path

import pytest

from interviews import frames
from interviews.models import Turn
from interviews.services.turns import (
    FeedbackStreamed,
    GenerationFailure,
    Refusal,
    SessionChanged,
    TurnChanged,
    TurnEvaluated,
    TurnFailed,
)

SERVICES = Path(frames.__file__).parent / "services"
# What only the transport edge may use: frames, the socket, templates, HTML.
TRANSPORT = ("interviews.frames", "interviews.consumers", "interviews.markdown", "django.template")


def test_every_reason_has_an_error_code_with_a_message():
    codes = [frames.REFUSAL_CODES[r] for r in Refusal] + [
        frames.FAILURE_CODES[f] for f in GenerationFailure
    ]
    assert all(code in frames.ERROR_MESSAGES for code in codes)
    assert len(set(codes)) == len(codes)


def test_a_refusal_becomes_an_error_frame_for_its_turn():
    refused = frames.refusal_frame(Refusal.BUSY, turn=3)
    assert refused == {
        "type": "error",
        "code": frames.BUSY,
        "message": str(frames.ERROR_MESSAGES[frames.BUSY]),
        "turn": 3,
        "retry": False,
    }


def test_streamed_text_and_a_session_change_need_no_render():
    delta = frames.group_message(FeedbackStreamed(7, 12, "more"), language="en")
    ended = frames.group_message(SessionChanged(), language="en")

    assert delta == {
        "type": frames.SEND_FRAMES,
        "frames": [{"type": "delta", "turn": 7, "offset": 12, "text": "more"}],
    }
    assert ended == {"type": frames.SESSION_CHANGED}


@pytest.mark.django_db
def test_turn_events_are_rendered_once_into_their_frames(candidate, start_session):
    session = start_session(candidate)
    Turn.objects.filter(session=session).update(
        answer="my answer", evaluation_status=Turn.EvaluationStatus.FAILED, feedback="So far"
    )
    turn = Turn.objects.select_related("session", "topic").get(session=session)

    changed = frames.group_message(TurnChanged(turn), language="en")["frames"]
    failed = frames.group_message(TurnFailed(turn, GenerationFailure.TIMEOUT), language="en")
    done = frames.group_message(TurnEvaluated(turn), language="en")["frames"]

    html = frames.render_turn_html(turn, "en")
    assert changed == [{"type": "turn", "turn": turn.pk, "status": "failed", "html": html}]
    assert failed["frames"] == [
        changed[0],
        frames.error_frame(frames.TIMEOUT, turn=turn.pk, retry=True),
    ]
    assert done == [
        {"type": "done", "turn": turn.pk, "score": None, "feedback": "So far", "html": html}
    ]


@pytest.mark.django_db
def test_a_failure_is_announced_in_the_sockets_language(candidate, start_session):
    session = start_session(candidate)
    turn = Turn.objects.select_related("session", "topic").get(session=session)

    failed = frames.group_message(TurnFailed(turn, GenerationFailure.ERROR), language="ko")

    error = failed["frames"][-1]
    assert error["code"] == frames.GENERATION_FAILED
    assert error["message"].startswith("죄송합니다")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize(
    "path", sorted(SERVICES.rglob("*.py")), ids=lambda p: str(p.relative_to(SERVICES))
)
def test_services_never_import_the_transport(path):
    imported = _imports(path)
    assert not [n for n in imported if n.startswith(TRANSPORT)], path


def test_a_budget_refusal_says_when_it_resets_in_the_sockets_language():
    from datetime import date, datetime, time

    from django.utils import timezone

    resets = timezone.make_aware(datetime.combine(date(2031, 3, 1), time.min))
    english = frames.refusal_frame(Refusal.OVER_MONTHLY_BUDGET, turn=4, resets_at=resets)
    assert english["code"] == frames.OVER_MONTHLY_BUDGET
    assert "03/01/2031" in english["message"] and "saved" in english["message"]
    korean = frames.refusal_frame(
        Refusal.OVER_DAILY_BUDGET, turn=4, resets_at=resets, language="ko"
    )
    assert "2031" in korean["message"] and "저장" in korean["message"]


def test_time_up_may_carry_an_empty_answer_but_an_answer_may_not():
    up = frames.parse_client_frame('{"type": "time_up", "turn": 4, "text": "  \\u0000 "}')
    assert (up.type, up.turn, up.text) == ("time_up", 4, "")
    half = frames.parse_client_frame('{"type": "time_up", "turn": 4, "text": " A decorator "}')
    assert half.text == "A decorator"
    with pytest.raises(frames.FrameError) as empty:
        frames.parse_client_frame('{"type": "answer", "turn": 4, "text": "  "}')
    assert empty.value.code == frames.EMPTY_ANSWER
    with pytest.raises(frames.FrameError) as too_long:
        frames.parse_client_frame('{"type": "time_up", "turn": 4, "text": "%s"}' % ("x" * 4001))
    assert too_long.value.code == frames.ANSWER_TOO_LONG
