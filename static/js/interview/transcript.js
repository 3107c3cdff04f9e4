// The transcript: server-rendered turns, replaced as frames arrive. Streamed feedback
// is kept as the Markdown received and shown formatted through markdown.js (the
// server's sanitising rules), re-rendered at most once an animation frame; the stored
// card comes in the `done` frame.
import { BUSY, codePoints, newPart } from "./frames.js";
import { renderMarkdown } from "./markdown.js";

// Past this much text a render could take longer than a frame: plain text then.
const MAX_FORMATTED_CHARS = 30000;
// A render that took t ms waits RENDER_GAP × t before the next, so a slow device
// spends at most a third of its time formatting and typing stays smooth.
const RENDER_GAP = 3;

// Replaces `el`'s children with the fragment's, keeping the unchanged leading ones:
// streaming only ever changes the last block or two, so the rest stays put (no
// re-announcement by screen readers, no lost text selection).
function morph(el, fragment) {
  const next = [...fragment.childNodes];
  const current = [...el.childNodes];
  let same = 0;
  while (same < next.length && same < current.length && current[same].isEqualNode(next[same])) {
    same += 1;
  }
  for (const node of current.slice(same)) node.remove();
  el.append(...next.slice(same));
}

export class Transcript {
  constructor(root) {
    this.root = root;
    this.received = new Map(); // turn id -> characters of streamed text received
    this.sources = new Map(); // turn id -> the streamed Markdown so far
    this.dirty = new Set(); // turns whose stream changed since it was last drawn
    this.frame = 0;
    this.nextRenderAt = 0;
  }

  setSource(turnId, text) {
    this.sources.set(turnId, text);
    this.received.set(turnId, codePoints(text).length);
  }

  streamElement(turnId) {
    return this.root.querySelector(`[data-stream="${turnId}"]`);
  }

  // Draws one stream now: formatted, or as plain text when it is very long.
  drawStream(el, text) {
    el.dataset.drawn = String(codePoints(text).length); // characters shown, for a resync check
    if (text.length > MAX_FORMATTED_CHARS) {
      el.classList.remove("markdown", "is-formatted");
      el.textContent = text;
      return;
    }
    el.classList.add("markdown", "is-formatted");
    morph(el, renderMarkdown(text));
  }

  scheduleDraw(turnId) {
    this.dirty.add(turnId);
    if (!this.frame) this.frame = requestAnimationFrame((now) => this.drawDirty(now));
  }

  drawDirty(now) {
    this.frame = 0;
    if (now < this.nextRenderAt) {
      this.frame = requestAnimationFrame((later) => this.drawDirty(later));
      return;
    }
    const started = performance.now();
    for (const turnId of this.dirty) {
      const el = this.streamElement(turnId);
      if (el) this.drawStream(el, this.sources.get(turnId) ?? "");
    }
    this.dirty.clear();
    this.nextRenderAt = started + RENDER_GAP * (performance.now() - started);
  }

  fromHtml(html) {
    const template = document.createElement("template");
    template.innerHTML = html; // server-rendered partial: escaped and sanitised there
    return template.content;
  }

  replaceAll(html) {
    this.received.clear();
    this.sources.clear();
    this.root.replaceChildren(this.fromHtml(html));
    for (const el of this.root.querySelectorAll("[data-stream]")) {
      this.setSource(Number(el.dataset.stream), el.textContent);
    }
  }

  turnElement(turnId) {
    return this.root.querySelector(`#turn-${turnId}`);
  }

  upsertTurn(turnId, status, html) {
    const fragment = this.fromHtml(html);
    const incoming = fragment.firstElementChild;
    const existing = this.turnElement(turnId);
    const newStream = incoming && incoming.querySelector(`[data-stream="${turnId}"]`);
    const streamed = this.sources.get(turnId) ?? "";
    if (BUSY.has(status) && existing && newStream && streamed) {
      // Keep text that streamed in before this frame: the database has none of it yet.
      this.drawStream(newStream, streamed);
    } else {
      this.setSource(turnId, newStream ? newStream.textContent : "");
    }
    const summary = this.root.querySelector("#summary");
    if (existing) existing.replaceWith(fragment);
    else if (summary) summary.before(fragment);
    else this.root.append(fragment);
    return this.turnElement(turnId);
  }

  appendDelta(turnId, offset, text) {
    const el = this.streamElement(turnId);
    if (!el) return false;
    const have = this.received.get(turnId) ?? 0;
    const part = newPart(have, offset, text);
    if (part === null) return false; // a gap: the snapshot or `done` will fill it
    if (part) {
      this.sources.set(turnId, (this.sources.get(turnId) ?? "") + part);
      this.received.set(turnId, have + codePoints(part).length);
      el.closest(".feedback")?.classList.add("has-text");
      this.scheduleDraw(turnId);
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
    this.setSource(turnId, "");
  }
}
