"""Batches lost on the way (a relay blip) leave a gap in the offsets: the page asks for
the state, and the text it shows is whole again before the stored result arrives
(static/js/interview/main.js). The socket's frames pass through Playwright, which drops
two deltas and holds the `done` back."""

import json
import re

import pytest
from django.test import Client

from interviews.services.sessions import session_start
from tests.factories import QuestionFactory, TopicFactory, TrackFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = (
    "A decorator takes a function and returns a new function that wraps the original to "
    "add behaviour such as logging. The @ syntax reassigns the name."
)
# The stream is drawn formatted (markdown.js): the page shows every character of the
# Markdown streamed so far when the stream element says it drew that many.
PAGE_HAS = (
    "([turn, chars]) => "
    "document.querySelector(`[data-stream='${turn}']`)?.dataset.drawn === String(chars)"
)


def test_a_gap_in_the_stream_makes_the_page_resync(daphne, browser_page):
    user = UserFactory()
    track = TrackFactory(slug="resync-e2e", name="Resync E2E")
    QuestionFactory(track=track, topic=TopicFactory(track=track, slug="d", name="Decorators"))
    session = session_start(
        user=user, track=track, level="junior", language="en", length=3, mode="practice"
    )
    turn = session.turns.get()
    client = Client()
    client.force_login(user)
    page = browser_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": daphne}]
    )
    sent_by_page: list[dict] = []
    streamed = {"text": "", "deltas": 0}  # what the server sent, dropped batches included
    held: list[str] = []  # the `done` frame and the frames after it, held back
    routes: list = []

    def route(ws) -> None:
        server = ws.connect_to_server()
        routes.append(ws)

        def from_server(message) -> None:
            frame = json.loads(message)
            if frame["type"] == "delta" and frame["turn"] == turn.pk:
                streamed["text"] = streamed["text"][: frame["offset"]] + frame["text"]
                streamed["deltas"] += 1
                if streamed["deltas"] in (2, 3):
                    return  # lost on the way
            if frame["type"] == "done" or held:
                # The stored result, and what follows it (the finished interview's state),
                # held back: the page must be whole before any of it.
                held.append(message)
                return
            ws.send(message)

        def from_page(message) -> None:
            sent_by_page.append(json.loads(message))
            server.send(message)

        server.on_message(from_server)
        ws.on_message(from_page)

    page.route_web_socket(re.compile(r"/ws/interviews/"), route)
    page.goto(f"{daphne}/interviews/{session.pk}/")
    page.wait_for_selector("#answer:not([disabled])")
    page.locator("#answer").fill(ANSWER)
    page.locator("#answer").press("Enter")

    for _ in range(300):  # the route's handlers run while the page waits
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the stream did not end within 30 s"
    assert streamed["deltas"] > 3
    assert {"type": "sync"} in sent_by_page  # the gap was noticed
    # Whole again before the `done`: the state and the worker's text so far filled it.
    page.wait_for_function(PAGE_HAS, arg=[turn.pk, len(streamed["text"])])

    for message in held:
        routes[-1].send(message)
    page.wait_for_selector(".evaluation-card")
    assert page.errors == [], page.errors
