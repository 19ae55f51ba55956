// Read marks: the newest message that has been on screen while the page was visible is
// sent as `read`, a moment after the reader's eyes stop moving.

const READ_MARK_DELAY_MS = 800;

export class ReadMarks {
  constructor(lastRead, send) {
    this.sent = lastRead;
    this.send = send;
    this.visibleIds = new Set();
    this.timer = null;
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = Number(entry.target.dataset.id);
          if (entry.isIntersecting) this.visibleIds.add(id);
          else this.visibleIds.delete(id);
        }
        this.schedule();
      },
      // The viewport as root: a message counts as seen only when it is on screen, which
      // also takes the scrolling list's own clipping into account.
      { threshold: 0.5 },
    );
    document.addEventListener("visibilitychange", () => this.schedule());
  }

  observe(article) {
    this.observer.observe(article);
  }

  forget(article) {
    this.observer.unobserve(article);
    this.visibleIds.delete(Number(article.dataset.id));
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.sendMark(), READ_MARK_DELAY_MS);
  }

  sendMark() {
    if (document.visibilityState !== "visible" || this.visibleIds.size === 0) return;
    const upTo = Math.max(...this.visibleIds);
    if (upTo <= this.sent) return;
    if (this.send({ type: "read", up_to: upTo })) this.sent = upTo;
  }
}
