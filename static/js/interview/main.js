// The live interview page: wires the socket, the transcript and the answer box.
import { BUSY, CLIENT, SERVER, STATUS, codePoints, newPart } from "./frames.js";
import { ReconnectingSocket } from "./socket.js";
import { Transcript } from "./transcript.js";
import { setUpComposer } from "./composer.js";
import { clearDraft, loadDraft, pruneDrafts, saveDraft } from "./drafts.js";
import { Follower } from "./follow.js";
import { Countdown } from "./timer.js";
import { setUpVoice } from "./voice.js";

const form = document.getElementById("composer");
const transcript = new Transcript(document.getElementById("transcript"));
const banner = document.getElementById("interview-error");
const connection = document.getElementById("connection-status");
const follower = new Follower(document.getElementById("jump-latest"));

const finished = new Set(); // turns whose `done` arrived: later busy renders are stale
const state = {
  turn: Number(form.dataset.turn) || null,
  status: form.dataset.turnStatus || null,
  session: "active",
  connected: false,
};

function showError(message) {
  banner.textContent = message;
  banner.hidden = false;
}

function clearError() {
  banner.hidden = true;
  banner.textContent = "";
}

// A turn whose worker stopped (server restart) without storing a result: let the
// candidate start the evaluation again.
function offerRetry(turnId) {
  const turn = transcript.turnElement(turnId);
  if (!turn || turn.querySelector('[data-action="retry"]')) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button small";
  button.dataset.action = "retry";
  button.dataset.turn = String(turnId);
  button.textContent = form.dataset.textRetry;
  turn.append(button);
  showError(form.dataset.textStalled);
}

// The current turn's unsent answer comes back into an empty box: after a reload, a
// reconnect, or an answer that never reached the server (it is kept until the server
// has it, so a send into a dying socket loses nothing).
function restoreDraft() {
  const { textarea } = composer;
  if (state.status !== STATUS.AWAITING || textarea.value) return;
  const draft = loadDraft(state.turn);
  if (draft) {
    textarea.value = draft;
    composer.update();
  }
}

// A turn that no longer waits for an answer (answered, skipped, from any tab) has no draft.
function dropAnsweredDraft(turnId, status) {
  if (status !== STATUS.AWAITING) clearDraft(turnId);
}

// The Hint button (practice mode) works only for a turn with a hint not shown yet; when
// that is why it is disabled, the reason is shown beside it.
const HINT_REASONS = { none: "textNone", shown: "textShown" };

function renderHint(canAct) {
  const button = form.querySelector('[data-action="hint"]');
  const reason = document.getElementById("hint-reason");
  if (!button || !reason) return;
  const key = HINT_REASONS[transcript.turnElement(state.turn)?.dataset.hint];
  const why = canAct && key ? reason.dataset[key] : "";
  button.disabled = !canAct || Boolean(key);
  reason.textContent = why;
  reason.hidden = !why;
}

// Timed mock interviews: the clock of the current turn, and the turn whose time ran out
// until its answer (as it stands, even empty) has gone to the server. Sent as soon as
// the socket is open, so a lost connection at that moment loses nothing.
const timeLeft = document.getElementById("time-left");
const countdown = timeLeft ? new Countdown(timeLeft, (turn) => timeUp(turn)) : null;
let timeUpTurn = null;

function syncClock(fresh) {
  if (!countdown) return;
  const left = transcript.turnElement(state.turn)?.dataset.secondsLeft;
  if (state.status !== STATUS.AWAITING || left === undefined) {
    countdown.stop();
  } else if (fresh || countdown.turn !== state.turn) {
    countdown.start(state.turn, Number(left));
  }
}

function timeUp(turn) {
  timeUpTurn = turn;
  sendTimeUp();
}

function sendTimeUp() {
  if (timeUpTurn === null || timeUpTurn !== state.turn) return;
  if (state.status !== STATUS.AWAITING || !state.connected) return;
  const { textarea } = composer;
  const max = Number(form.dataset.maxLength);
  const text = Array.from(textarea.value.trim()).slice(0, max).join("");
  if (!socket.send({ type: CLIENT.TIME_UP, turn: state.turn, text })) return;
  timeUpTurn = null;
  textarea.value = "";
  composer.update();
  transcript.showPending(state.turn, text, form.dataset.textSending);
  state.status = STATUS.PENDING;
  render();
  follower.follow();
}

function render() {
  restoreDraft();
  const waiting = state.status === STATUS.AWAITING;
  const busy = BUSY.has(state.status);
  const ready = state.connected && state.session === "active";
  const { textarea } = composer;
  textarea.disabled = !(ready && waiting);
  form.querySelector('[data-action="send"]').disabled = !(ready && waiting);
  renderHint(ready && waiting);
  form.querySelector('[data-action="skip"]').disabled =
    !(ready && (waiting || state.status === STATUS.FAILED));
  form.querySelector('[data-action="end"]').disabled = !ready || busy;
  form.classList.toggle("is-busy", busy);
  voice.render(waiting && state.session === "active", state.turn);
  syncClock(false);
  sendTimeUp();
}

function setCurrent(turn, status) {
  if (turn === null || state.turn === null || turn >= state.turn) {
    const moved = turn !== state.turn;
    state.turn = turn;
    state.status = status;
    render();
    if (moved && status === STATUS.AWAITING) composer.textarea.focus();
  }
}

const handlers = {
  [SERVER.STATE](frame) {
    resyncAskedAt = 0;
    transcript.replaceAll(frame.html);
    state.session = frame.status;
    if (frame.status !== "active") {
      clearDraft(frame.turn ?? state.turn);
      form.hidden = true;
      socket.stop();
      document.getElementById("summary")?.scrollIntoView({ behavior: "smooth" });
      return;
    }
    dropAnsweredDraft(frame.turn, frame.turn_status);
    state.turn = frame.turn;
    state.status = frame.stalled ? STATUS.FAILED : frame.turn_status;
    if (frame.stalled) offerRetry(frame.turn);
    syncClock(true); // the server's seconds left, fresh after a reconnect
    render();
    follower.update();
  },
  [SERVER.TURN](frame) {
    // The answer's "saved" render can overtake a very fast evaluation: never go back.
    if (finished.has(frame.turn) && BUSY.has(frame.status)) return;
    transcript.upsertTurn(frame.turn, frame.status, frame.html);
    dropAnsweredDraft(frame.turn, frame.status);
    setCurrent(frame.turn, frame.status);
    follower.update();
  },
  [SERVER.DELTA](frame) {
    // A gap in the offsets: batches were lost on the way (a relay blip). The state from
    // the database, and the worker's text so far, replace what this page has.
    if (!transcript.appendDelta(frame.turn, frame.offset, frame.text)) resync();
    follower.update();
    if (frame.turn === state.turn && state.status === STATUS.PENDING) {
      state.status = STATUS.STREAMING;
      render();
    }
  },
  [SERVER.DONE](frame) {
    finished.add(frame.turn);
    clearDraft(frame.turn);
    transcript.upsertTurn(frame.turn, STATUS.DONE, frame.html);
    follower.update();
    if (frame.turn === state.turn) {
      state.status = STATUS.DONE;
      render();
    }
  },
  [SERVER.WHY](frame) {
    // The reply streams as plain text; the stored, formatted one comes in a `turn` frame.
    const box = document.getElementById(`why-${frame.turn}-${frame.point}`);
    if (!box) return;
    const have = codePoints(box.dataset.streamed || "").length;
    const part = newPart(have, frame.offset, frame.text);
    if (part === null) return;
    box.dataset.streamed = (box.dataset.streamed || "") + part;
    box.textContent = box.dataset.streamed;
  },
  [SERVER.ERROR](frame) {
    showError(frame.message);
    if (frame.retry && frame.turn === state.turn) {
      state.status = STATUS.FAILED;
    }
    if (frame.code === "empty_answer" || frame.code === "answer_too_long") {
      state.status = STATUS.AWAITING;
    }
    render();
  },
};

// One `sync` at a time: asked again only if its state has not come in RESYNC_MS.
const RESYNC_MS = 3000;
let resyncAskedAt = 0;
function resync() {
  if (Date.now() - resyncAskedAt < RESYNC_MS) return;
  if (socket.send({ type: CLIENT.SYNC })) resyncAskedAt = Date.now();
}

// If a stream goes quiet (a dropped frame under load, a stalled worker), ask the server
// for the stored state instead of waiting forever.
const QUIET_MS = 15000;
let lastFrameAt = Date.now();
window.setInterval(() => {
  if (BUSY.has(state.status) && Date.now() - lastFrameAt > QUIET_MS) {
    lastFrameAt = Date.now();
    resync();
  }
}, 5000);

const socket = new ReconnectingSocket(form.dataset.socketPath, {
  onFrame(frame) {
    lastFrameAt = Date.now();
    const handler = handlers[frame.type];
    if (handler) handler(frame);
  },
  onOpen() {
    state.connected = true;
    connection.hidden = true;
    render();
  },
  onClose() {
    state.connected = false;
    if (state.session === "active") {
      connection.textContent = form.dataset.textOffline;
      connection.hidden = false;
    }
    render();
  },
});

const composer = setUpComposer(form, {
  onSend(text) {
    if (state.turn === null || state.status !== STATUS.AWAITING) return false;
    clearError();
    if (!socket.send({ type: CLIENT.ANSWER, turn: state.turn, text })) return false;
    // The typing indicator shows at once; the server's frames replace it.
    transcript.showPending(state.turn, text, form.dataset.textSending);
    state.status = STATUS.PENDING;
    render();
    follower.follow();
    return true;
  },
});

// A spoken answer's transcript goes into the box for the candidate to correct; it is
// never sent by itself. Text already typed is kept, the transcript after it.
const voice = setUpVoice(form, {
  onTranscript(turn, text) {
    if (turn !== state.turn || state.status !== STATUS.AWAITING) return;
    const { textarea } = composer;
    const before = textarea.value.trimEnd();
    textarea.value = before ? `${before} ${text}` : text;
    composer.update();
    saveDraft(state.turn, textarea.value);
    textarea.focus();
  },
  onError: showError,
  currentQuestion() {
    return transcript.turnElement(state.turn)?.querySelector(".question-text")?.textContent.trim();
  },
});

composer.textarea.addEventListener("input", () => {
  if (state.status === STATUS.AWAITING) saveDraft(state.turn, composer.textarea.value);
});
pruneDrafts();

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-action]");
  if (!button || button.dataset.action === "send") return;
  const action = button.dataset.action;
  clearError();
  if (action === "retry") {
    socket.send({ type: CLIENT.RETRY, turn: Number(button.dataset.turn) });
    button.disabled = true;
  } else if (action === "hint" || action === "skip") {
    if (state.turn !== null) socket.send({ type: action, turn: state.turn });
  } else if (action === "why") {
    const sent = socket.send({
      type: CLIENT.WHY,
      turn: Number(button.dataset.turn),
      point: Number(button.dataset.point),
    });
    if (sent) button.disabled = true;
  } else if (action === "end") {
    if (window.confirm(form.dataset.textConfirmEnd)) socket.send({ type: CLIENT.END });
  }
});

render();
