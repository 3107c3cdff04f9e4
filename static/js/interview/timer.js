// A timed mock interview's clock: counts the current turn's seconds down (from the
// server's `data-seconds-left`, so the browser's own clock does not matter) and says
// once, per turn, when they ran out.
const LOW_SECONDS = 30;

function clock(seconds) {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

export class Countdown {
  constructor(element, onExpire) {
    this.element = element;
    this.onExpire = onExpire;
    this.turn = null;
    this.deadline = 0;
    this.interval = null;
  }

  start(turn, seconds) {
    this.stop();
    this.turn = turn;
    this.deadline = performance.now() + seconds * 1000;
    this.element.hidden = false;
    this.interval = window.setInterval(() => this.tick(), 250);
    this.tick();
  }

  stop() {
    if (this.interval !== null) window.clearInterval(this.interval);
    this.interval = null;
    this.turn = null;
    this.element.hidden = true;
  }

  tick() {
    const left = Math.max(0, Math.ceil((this.deadline - performance.now()) / 1000));
    this.element.textContent = `${this.element.dataset.textLeft} ${clock(left)}`;
    this.element.classList.toggle("is-low", left <= LOW_SECONDS);
    if (left === 0) {
      window.clearInterval(this.interval);
      this.interval = null;
      this.element.textContent = this.element.dataset.textUp;
      this.onExpire(this.turn);
    }
  }
}
