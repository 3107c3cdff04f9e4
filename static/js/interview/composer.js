// The answer box: Enter sends, Shift+Enter breaks the line, a live character counter.
export function setUpComposer(form, { onSend }) {
  const textarea = form.querySelector("textarea");
  const count = form.querySelector("[data-count]");
  const max = Number(form.dataset.maxLength);

  const update = () => {
    const length = Array.from(textarea.value).length;
    count.textContent = String(length);
    count.parentElement.classList.toggle("over", length > max);
  };

  const send = () => {
    const text = textarea.value.trim();
    if (!text || Array.from(text).length > max || textarea.disabled) return;
    if (onSend(text)) {
      textarea.value = "";
      update();
    }
  };

  textarea.addEventListener("input", update);
  textarea.addEventListener("keydown", (event) => {
    // isComposing: Enter that confirms a Korean syllable must not send the answer.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  update();
  return { textarea, update };
}
