// Spoken answers. With a transcription server (the button carries its URL) the answer
// is recorded (MediaRecorder) and uploaded with the CSRF token; the transcript comes
// back into the answer box, never sent by itself. Without one, the browser's own speech
// recognition is used where it exists; with neither the button is off and says why.
// Optionally the current question is read aloud (speechSynthesis).
const RECORDING_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
const SPEECH_LANGUAGES = { ko: "ko-KR", en: "en-US" };

function recordingType() {
  return RECORDING_TYPES.find((type) => window.MediaRecorder.isTypeSupported(type)) || "";
}

function suffix(type) {
  if (type.startsWith("audio/ogg")) return "ogg";
  if (type.startsWith("audio/mp4")) return "m4a";
  return "webm";
}

export function setUpVoice(form, { onTranscript, onError, currentQuestion }) {
  const button = form.querySelector('[data-voice="record"]');
  const status = document.getElementById("voice-status");
  const texts = button.dataset;
  const language = SPEECH_LANGUAGES[form.dataset.language] || "en-US";
  const csrf = form.querySelector('input[name="csrfmiddlewaretoken"]')?.value || "";
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  const canRecord = Boolean(
    texts.transcribeUrl && navigator.mediaDevices?.getUserMedia && window.MediaRecorder,
  );
  let mode = null;
  if (canRecord) mode = "server";
  else if (Recognition) mode = "browser";
  const unavailable = texts.transcribeUrl ? texts.textNoRecorder : texts.textNoVoice;

  let busy = false; // recording, listening or transcribing
  let stopCurrent = null;
  let forTurn = null;
  let allowed = false;

  function say(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  function render() {
    if (!mode) {
      button.disabled = true;
      say(unavailable);
      return;
    }
    button.textContent = stopCurrent ? texts.textStop : texts.textStart;
    button.setAttribute("aria-pressed", stopCurrent ? "true" : "false");
    button.disabled = stopCurrent ? false : busy || !allowed;
  }

  function finish(text, message) {
    busy = false;
    stopCurrent = null;
    say(message);
    if (text) onTranscript(forTurn, text);
    render();
  }

  async function upload(blob, seconds, type) {
    if (blob.size > Number(texts.maxBytes)) {
      finish("", "");
      onError(texts.textTooLarge);
      return;
    }
    say(texts.textTranscribing);
    const body = new FormData();
    body.append("audio", blob, `answer.${suffix(type)}`);
    body.append("turn", String(forTurn));
    body.append("duration", seconds.toFixed(1));
    try {
      const response = await fetch(texts.transcribeUrl, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrf },
        credentials: "same-origin",
      });
      const reply = await response.json().catch(() => ({}));
      if (response.ok && reply.text) {
        finish(reply.text, texts.textReady);
      } else {
        finish("", "");
        onError(reply.message || texts.textFailed);
      }
    } catch {
      finish("", "");
      onError(texts.textFailed);
    }
  }

  async function record() {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      finish("", "");
      onError(texts.textDenied);
      return;
    }
    const type = recordingType();
    const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    const chunks = [];
    const started = performance.now();
    const limit = Number(texts.maxSeconds) * 1000;
    let cancelled = false;
    const tick = window.setInterval(() => {
      const seconds = Math.floor((performance.now() - started) / 1000);
      say(`${texts.textRecording} ${seconds}s / ${texts.maxSeconds}s`);
      if (performance.now() - started >= limit) stopCurrent?.();
    }, 250);
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size) chunks.push(event.data);
    });
    recorder.addEventListener("stop", () => {
      window.clearInterval(tick);
      for (const track of stream.getTracks()) track.stop();
      if (cancelled) return;
      const seconds = (performance.now() - started) / 1000;
      const blobType = recorder.mimeType || type || "audio/webm";
      upload(new Blob(chunks, { type: blobType }), seconds, blobType);
    });
    stopCurrent = (cancel = false) => {
      cancelled = cancel;
      stopCurrent = null;
      if (recorder.state !== "inactive") recorder.stop();
      if (cancel) finish("", "");
      else render();
    };
    recorder.start(250);
    say(`${texts.textRecording} 0s / ${texts.maxSeconds}s`);
    render();
  }

  function listen() {
    const recognition = new Recognition();
    recognition.lang = language;
    recognition.continuous = true;
    recognition.interimResults = false;
    const heard = [];
    let cancelled = false;
    recognition.addEventListener("result", (event) => {
      for (let i = event.resultIndex; i < event.results.length; i += 1) {
        if (event.results[i].isFinal) heard.push(event.results[i][0].transcript.trim());
      }
    });
    recognition.addEventListener("error", (event) => {
      if (event.error === "not-allowed" || event.error === "service-not-allowed") {
        cancelled = true;
        finish("", "");
        onError(texts.textDenied);
      }
    });
    recognition.addEventListener("end", () => {
      if (cancelled) return;
      const text = heard.filter(Boolean).join(" ");
      finish(text, text ? texts.textReady : texts.textNothing);
    });
    stopCurrent = (cancel = false) => {
      cancelled = cancel;
      stopCurrent = null;
      recognition.stop();
      if (cancel) finish("", "");
      else render();
    };
    recognition.start();
    say(texts.textListening);
    render();
  }

  button.addEventListener("click", () => {
    if (stopCurrent) {
      stopCurrent();
      return;
    }
    if (!mode || busy || !allowed) return;
    busy = true;
    forTurn = form.dataset.currentTurn ? Number(form.dataset.currentTurn) : null;
    say("");
    if (mode === "server") record();
    else listen();
  });

  // Read aloud: the current question, in the interview's language.
  const reader = form.querySelector('[data-voice="read-aloud"]');
  const startLabel = reader.textContent;
  if ("speechSynthesis" in window && window.SpeechSynthesisUtterance) {
    reader.hidden = false;
    reader.addEventListener("click", () => {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        return;
      }
      const text = currentQuestion();
      if (!text) return;
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = language;
      const done = () => {
        reader.textContent = startLabel;
      };
      utterance.addEventListener("end", done);
      utterance.addEventListener("error", done);
      reader.textContent = reader.dataset.textStop;
      window.speechSynthesis.speak(utterance);
    });
  }

  return {
    // `canAnswer`: the current turn waits for an answer and the socket is open.
    render(canAnswer, turn) {
      allowed = canAnswer;
      if (String(turn ?? "") !== form.dataset.currentTurn && mode) say(""); // a new question
      form.dataset.currentTurn = turn === null ? "" : String(turn);
      // The turn moved on (answered, time up, another tab): what was recorded for it is
      // dropped rather than put into the next question's box.
      if (!canAnswer && stopCurrent) stopCurrent(true);
      render();
    },
  };
}
