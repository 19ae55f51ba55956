// The socket of the space: connecting, the connection state shown under the heading,
// reconnecting with backoff and jitter, and stopping for good on the close codes after
// which reconnecting cannot help (every other close, 4503 among them, is followed by a
// reconnect and a sync).

import { gettext, interpolate, make, ngettext } from "./dom.js";

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30000;

export class Connection {
  // `handlers`: open() after each (re)connect, frame(frame) for each frame, lost() when the
  // connection goes, stopped(code) when it is closed for good.
  constructor(root, closeCodes, handlers) {
    this.root = root;
    this.path = root.dataset.wsUrl;
    this.loginUrl = root.dataset.loginUrl;
    this.closeCodes = closeCodes;
    this.handlers = handlers;
    this.socket = null;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.stopped = false;
    this.everOpened = false;
    this.lostConnection = false;
    this.announce = () => {};

    this.statusLine = make("p", { className: "connection-status", "data-state": "connecting" });
    const heading = root.querySelector("h1");
    if (heading) heading.after(this.statusLine);
    else root.prepend(this.statusLine);
  }

  start(announce) {
    this.announce = announce;
    window.addEventListener("online", () => this.reconnectNow());
    window.addEventListener("offline", () => this.drop());
    this.connect();
  }

  connect() {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(scheme + "//" + location.host + this.path);
    this.socket = socket;
    this.setState("connecting", gettext("Connecting…"));
    socket.addEventListener("open", () => this.onOpen(socket));
    socket.addEventListener("message", (event) => this.onMessage(socket, event));
    socket.addEventListener("close", (event) => this.onClose(socket, event));
  }

  isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  // Sends a frame; false when there is no open connection.
  send(frame) {
    if (!this.isOpen()) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  onOpen(socket) {
    if (socket !== this.socket) return;
    this.attempt = 0;
    this.setState("open", gettext("Live"));
    if (this.lostConnection) this.announce(gettext("Reconnected."));
    this.lostConnection = false;
    this.everOpened = true;
    this.handlers.open();
  }

  onMessage(socket, event) {
    if (socket !== this.socket) return;
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    this.handlers.frame(frame);
  }

  onClose(socket, event) {
    if (socket !== this.socket) return;
    this.socket = null;
    const { not_signed_in: notSignedIn, forbidden, not_found: notFound } = this.closeCodes;
    if ([notSignedIn, forbidden, notFound].includes(event.code)) {
      this.stop(event.code);
      return;
    }
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.stopped) return;
    if (this.everOpened && !this.lostConnection) {
      this.lostConnection = true;
      this.announce(gettext("Connection lost. Reconnecting…"));
    }
    this.handlers.lost();
    // Exponential backoff with jitter, so that a restarted server is not hit by everyone at once.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.attempt += 1;
    const seconds = Math.max(1, Math.round(delay / 1000));
    this.setState(
      "closed",
      navigator.onLine === false
        ? gettext("Offline. Messages you write are sent when the connection is back.")
        : interpolate(
            ngettext(
              "Connection lost. Trying again in %s second…",
              "Connection lost. Trying again in %s seconds…",
              seconds,
            ),
            [seconds],
          ),
    );
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  reconnectNow() {
    if (this.stopped || this.isOpen()) return;
    this.attempt = 0;
    // A socket that is still connecting is left to finish.
    if (!this.socket) this.connect();
  }

  // The browser knows it is offline; the socket may take long to notice on its own.
  drop() {
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close();
    this.scheduleReconnect();
  }

  stop(code) {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const texts = {
      [this.closeCodes.not_signed_in]: gettext(
        "Your session has ended. Sign in again to keep talking.",
      ),
      [this.closeCodes.forbidden]: gettext("You no longer have access to this space."),
      [this.closeCodes.not_found]: gettext("This space does not exist any more."),
    };
    const text = texts[code];
    this.setState("stopped", text);
    this.announce(text);
    if (code === this.closeCodes.not_signed_in) {
      const link = make("a", {
        href: this.loginUrl + "?next=" + encodeURIComponent(location.pathname),
        text: gettext("Sign in"),
      });
      this.statusLine.append(" ", link);
    }
    this.handlers.stopped(text);
  }

  setState(state, text) {
    this.root.dataset.connection = state;
    this.statusLine.dataset.state = state;
    this.statusLine.textContent = text;
  }
}
