// Keeps the newest text in view (the question, the streaming feedback, the next
// question) while the candidate reads at the bottom of the page. Once they scroll up to
// reread, new text no longer moves the page; a "jump to latest" button brings them back.
const SLACK_PX = 48; // this close to the bottom still counts as reading the latest

export class Follower {
  constructor(button) {
    this.button = button;
    this.following = true;
    this.lastY = window.scrollY;
    window.addEventListener("scroll", () => this.onScroll(), { passive: true });
    button.addEventListener("click", () => this.follow());
  }

  atBottom() {
    const page = document.documentElement;
    return window.innerHeight + window.scrollY >= page.scrollHeight - SLACK_PX;
  }

  onScroll() {
    // Only a move upwards stops following: text growing below (or a shorter card replacing
    // the stream, which clamps the page) never counts as the candidate leaving.
    if (this.atBottom()) this.following = true;
    else if (window.scrollY < this.lastY) this.following = false;
    this.lastY = window.scrollY;
    this.button.hidden = this.following;
  }

  // New text arrived: show it, unless the candidate is reading further up.
  update() {
    if (this.following) this.reveal();
    this.button.hidden = this.following;
  }

  // The candidate asked for the latest (the button, or sending an answer).
  follow() {
    this.following = true;
    this.reveal();
    this.button.hidden = true;
  }

  reveal() {
    // Instant: a smooth scroll's intermediate positions would read as scrolling up.
    window.scrollTo({ top: document.documentElement.scrollHeight, behavior: "instant" });
    this.lastY = window.scrollY;
  }
}
