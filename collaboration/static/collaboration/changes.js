// The space's change sequence (docs/protocol.md): every post, edit, hide and unhide has a
// `seq`. The page holds every change up to `contiguous`; a frame beyond the next seq, or a
// head beyond it, makes it sync from there; every (re)connect syncs too.

// A gap in the seqs often closes by itself when the frame in between is still on its way.
const SYNC_DELAY_MS = 200;

export class ChangeSequence {
  constructor(headSeq, send) {
    this.contiguous = headSeq;
    // The highest seq the server has mentioned, and the seqs held beyond a gap.
    this.known = headSeq;
    this.ahead = new Set();
    this.hiddenAt = new Map(); // message id -> seq of the change that hid it
    this.send = send;
    this.syncing = false;
    this.syncTimer = null;
  }

  // Asks for every change after the last one held without a gap; one sync at a time.
  sync() {
    clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (this.syncing || !this.send({ type: "sync", after_seq: this.contiguous })) return;
    this.syncing = true;
  }

  // A sync that will get no answer (the socket closed, or the server failed to handle it).
  forget() {
    this.syncing = false;
  }

  stop() {
    clearTimeout(this.syncTimer);
  }

  // The server has a change up to `seq`: sync soon, unless the frames on their way fill the gap.
  behind(seq) {
    this.known = Math.max(this.known, seq);
    if (this.known <= this.contiguous || this.syncing || this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      if (this.known > this.contiguous) this.sync();
    }, SYNC_DELAY_MS);
  }

  // Change `seq` is on the page.
  hold(seq) {
    if (seq === this.contiguous + 1) {
      this.advance(seq);
    } else if (seq > this.contiguous) {
      this.ahead.add(seq);
      this.behind(seq);
    }
  }

  // Every change up to `seq` is on the page.
  advance(seq) {
    if (seq <= this.contiguous) return;
    this.contiguous = seq;
    for (const each of this.ahead) if (each <= seq) this.ahead.delete(each);
    while (this.ahead.delete(this.contiguous + 1)) this.contiguous += 1;
  }

  // A `history` answer to `sync {after_seq}` is applied: returns true when more is to come.
  answered(frame) {
    this.syncing = false;
    const last = frame.changes[frame.changes.length - 1];
    if (frame.has_more && last) {
      this.advance(last.seq);
      this.sync();
      return true;
    }
    if (!frame.has_more) this.advance(frame.head);
    // Frames of changes after the reply's head may have come meanwhile, with a gap.
    this.behind(frame.head);
    return false;
  }

  hidden(id, seq) {
    this.hiddenAt.set(String(id), seq);
  }

  shown(id) {
    this.hiddenAt.delete(String(id));
  }

  hiddenSeq(id) {
    return this.hiddenAt.get(String(id)) || 0;
  }
}
