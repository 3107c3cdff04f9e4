// Unsent answers, kept in the browser's storage per turn: a reload or a lost connection
// loses nothing. A draft is dropped once the server has the answer, or after a week.
const PREFIX = "interview-draft:";
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export function draftKey(turnId) {
  return `${PREFIX}${turnId}`;
}

// Storage can be missing or full (private windows, quotas): drafts are then not kept,
// and nothing else breaks.
function store() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(key) {
  try {
    const draft = JSON.parse(store()?.getItem(key) || "null");
    return draft && typeof draft.text === "string" ? draft : null;
  } catch {
    return null;
  }
}

export function loadDraft(turnId) {
  return turnId === null ? "" : read(draftKey(turnId))?.text || "";
}

export function saveDraft(turnId, text) {
  if (turnId === null) return;
  if (!text.trim()) {
    clearDraft(turnId);
    return;
  }
  try {
    store()?.setItem(draftKey(turnId), JSON.stringify({ text, savedAt: Date.now() }));
  } catch {
    // Over quota: the text stays in the box, only not across a reload.
  }
}

export function clearDraft(turnId) {
  if (turnId === null) return;
  try {
    store()?.removeItem(draftKey(turnId));
  } catch {
    // Nothing to clear.
  }
}

// Drafts of turns never answered (an interview left for good) do not pile up.
export function pruneDrafts(now = Date.now()) {
  const storage = store();
  if (!storage) return;
  const keys = [];
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) {
    const draft = read(key);
    if (!draft || !(now - draft.savedAt < MAX_AGE_MS)) storage.removeItem(key);
  }
}

// Logging out forgets every draft: the next person at a shared computer sees none.
export function clearDrafts() {
  const storage = store();
  if (!storage) return;
  for (const key of Object.keys(storage)) {
    if (key.startsWith(PREFIX)) storage.removeItem(key);
  }
}
