// The transcript: server-rendered turns, replaced as frames arrive; streamed text
// is appended with textContent only (the sanitised card comes in the `done` frame).
import { BUSY, codePoints, newPart } from "./frames.js";

export class Transcript {
  constructor(root) {
    this.root = root;
    this.received = new Map(); // turn id -> characters of streamed text shown
  }

  fromHtml(html) {
    const template = document.createElement("template");
    template.innerHTML = html; // server-rendered partial: escaped and sanitised there
    return template.content;
  }

  replaceAll(html) {
    this.received.clear();
    this.root.replaceChildren(this.fromHtml(html));
    for (const el of this.root.querySelectorAll("[data-stream]")) {
      this.received.set(Number(el.dataset.stream), codePoints(el.textContent).length);
    }
  }

  turnElement(turnId) {
    return this.root.querySelector(`#turn-${turnId}`);
  }

  upsertTurn(turnId, status, html) {
    const fragment = this.fromHtml(html);
    const incoming = fragment.firstElementChild;
    const existing = this.turnElement(turnId);
    const oldStream = existing && existing.querySelector(`[data-stream="${turnId}"]`);
    const newStream = incoming && incoming.querySelector(`[data-stream="${turnId}"]`);
    if (BUSY.has(status) && oldStream && newStream && oldStream.textContent) {
      // Keep text that streamed in before this frame: the database has none of it yet.
      newStream.textContent = oldStream.textContent;
    } else {
      this.received.set(turnId, newStream ? codePoints(newStream.textContent).length : 0);
    }
    const summary = this.root.querySelector("#summary");
    if (existing) existing.replaceWith(fragment);
    else if (summary) summary.before(fragment);
    else this.root.append(fragment);
    return this.turnElement(turnId);
  }

  appendDelta(turnId, offset, text) {
    const el = this.root.querySelector(`[data-stream="${turnId}"]`);
    if (!el) return false;
    const have = this.received.get(turnId) ?? 0;
    const part = newPart(have, offset, text);
    if (part === null) return false; // a gap: the snapshot or `done` will fill it
    if (part) {
      el.append(document.createTextNode(part));
      this.received.set(turnId, have + codePoints(part).length);
      el.closest(".feedback")?.classList.add("has-text");
    }
    return true;
  }

  // Shown the moment the candidate sends, before the server answers.
  showPending(turnId, answer, typingLabel) {
    const turn = this.turnElement(turnId);
    if (!turn || turn.querySelector(".bubble.candidate")) return;
    const bubble = document.createElement("div");
    bubble.className = "bubble candidate";
    const p = document.createElement("p");
    p.className = "answer-text";
    p.textContent = answer;
    bubble.append(p);
    const feedback = document.createElement("div");
    feedback.className = "bubble interviewer feedback is-streaming";
    const typing = document.createElement("p");
    typing.className = "typing";
    for (let i = 0; i < 3; i += 1) {
      const dot = document.createElement("span");
      dot.className = "dot";
      typing.append(dot);
    }
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = typingLabel;
    typing.append(hidden);
    const stream = document.createElement("div");
    stream.className = "feedback-stream";
    stream.dataset.stream = String(turnId);
    feedback.append(typing, stream);
    turn.append(bubble, feedback);
    turn.dataset.status = "pending";
    this.received.set(turnId, 0);
  }
}
