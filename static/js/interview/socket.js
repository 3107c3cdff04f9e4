// A websocket that reconnects with backoff; the server resends `state` on every connect.
export class ReconnectingSocket {
  constructor(path, { onFrame, onOpen, onClose }) {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    this.url = `${scheme}://${window.location.host}${path}`;
    this.onFrame = onFrame;
    this.onOpen = onOpen;
    this.onClose = onClose;
    this.delay = 500;
    this.stopped = false;
    this.ws = null;
    this.connect();
  }

  connect() {
    this.ws = new WebSocket(this.url);
    this.ws.addEventListener("open", () => {
      this.delay = 500;
      this.onOpen();
    });
    this.ws.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      this.onFrame(frame);
    });
    this.ws.addEventListener("close", (event) => {
      this.onClose(event);
      // 4401/4404: not logged in, or not this user's interview: retrying cannot help.
      if (this.stopped || event.code === 4401 || event.code === 4404) return;
      window.setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 8000);
    });
  }

  get open() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  send(frame) {
    if (!this.open) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  stop() {
    this.stopped = true;
    if (this.ws) this.ws.close();
  }
}
