// The live interview's frame schema, shared with the server (interviews/frames.py).
export const CLIENT = Object.freeze({
  ANSWER: "answer",
  TIME_UP: "time_up",
  RETRY: "retry",
  HINT: "hint",
  SKIP: "skip",
  END: "end",
  SYNC: "sync",
  WHY: "why",
});

export const SERVER = Object.freeze({
  STATE: "state",
  TURN: "turn",
  DELTA: "delta",
  DONE: "done",
  WHY: "why",
  ERROR: "error",
});

export const STATUS = Object.freeze({
  AWAITING: "awaiting_answer",
  PENDING: "pending",
  STREAMING: "streaming",
  DONE: "done",
  FAILED: "failed",
  SKIPPED: "skipped",
});

export const BUSY = new Set([STATUS.PENDING, STATUS.STREAMING]);

// Offsets count characters as Python does (code points), not UTF-16 units.
export function codePoints(text) {
  return Array.from(text);
}

// Which part of a delta is new, given how many characters the client already has:
// returns the text to append (possibly empty) or null when there is a gap.
export function newPart(have, offset, text) {
  if (offset > have) return null;
  const chars = codePoints(text);
  const skip = have - offset;
  if (skip >= chars.length) return "";
  return chars.slice(skip).join("");
}
