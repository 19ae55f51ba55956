"""A discussion client of the fault suite's own, on `websockets`, that keeps to the protocol.

It does what the browser client must do (docs/protocol.md, "Client algorithm"):

- signs in with the session cookie and sends the server's own URL as ``Origin``;
- keeps ``contiguous``, the highest seq up to which it holds every change, applies each
  `message`, `message.hidden` and `ack` by seq (a copy replaces the one it holds only when
  its seq is higher; a tombstone removes it), and asks ``sync {"after_seq": contiguous}``
  when a seq skips ahead (debounced), when a `head` is beyond it and on every (re)connect,
  one sync at a time, following `has_more`;
- reconnects with backoff and jitter after every close that is not final (4401, 4403 and
  4404 are), trying the next server when one cannot be reached;
- resends its unacknowledged messages with the same client_id after a reconnect and after
  `retry_after` when a post is answered `unavailable` or `rate_limited`.

``messages`` is what a person would see: message id -> current message, hidden ones
absent. ``added`` counts how often each id was newly added to it; the promise "every
message exactly once" means it stays 1 for every id.
"""

import asyncio
import collections
import contextlib
import http.cookiejar
import json
import logging
import random
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

logger = logging.getLogger(__name__)

FINAL_CLOSES = {4401, 4403, 4404}
SYNC_DEBOUNCE = 0.2  # seconds a gap may wait for the frames still on their way
SYNC_TIMEOUT = 15.0  # seconds after which a sync without an answer is asked again
BACKOFF_FIRST = 0.2
BACKOFF_MAX = 3.0
OPEN_TIMEOUT = 10.0


class ProtocolError(AssertionError):
    """The server sent something the protocol does not allow."""


class DiscussionClient:
    """One socket of one person in one space; ``start()`` it, ``stop()`` it."""

    def __init__(self, name, urls, space_id, session_key, *, window=2, seed=None):
        self.name = name
        self.urls = list(urls)
        self.url_index = 0
        self.space_id = space_id
        self.session_key = session_key
        self.window = window  # unacknowledged posts at most while writing
        self.random = random.Random(seed if seed is not None else name)

        self.messages = {}  # id -> current message (hidden ones absent)
        self.known_seq = {}  # id -> seq of the newest change applied to it (hides too)
        self.added = collections.Counter()  # id -> times newly added to `messages`
        self.contiguous = 0
        self.ahead = set()  # seqs seen beyond contiguous + 1
        self.head_seen = 0

        self.pending = {}  # client_id -> frame, oldest first, until its ack
        self.posted = {}  # client_id -> body of every post this client made
        self.acked = {}  # client_id -> message id
        self.sends = collections.Counter()  # client_id -> frames sent for it
        self.unavailable_ids = set()  # client ids answered `unavailable` at least once

        self.live = 0  # `message` and `message.hidden` frames received as broadcasts
        self.connects = 0
        self.closes = collections.Counter()  # close code (None: no handshake) -> count
        self.errors = collections.Counter()  # error code -> count
        self.unexpected = []  # frames or closes that should not happen here
        self.unread_notifications = None
        self.final_close = None

        self.ws = None
        self.synced_once = False  # a history up to the head since the last connect
        self._sync_in_flight = None  # monotonic time the current sync was sent
        self._sync_task = None
        self._retry_tasks = {}
        self._online = asyncio.Event()
        self._online.set()
        self._stopping = False
        self._run_task = None
        self._write_task = None
        self._writing = False
        self._changed = asyncio.Event()

    def __repr__(self):
        return f"<DiscussionClient {self.name} contiguous={self.contiguous}>"

    # Life cycle -----------------------------------------------------------------------

    def start(self):
        self._run_task = asyncio.create_task(self._run(), name=f"client {self.name}")
        return self

    async def stop(self):
        self._stopping = True
        self.stop_writing()
        self._online.set()
        for task in [self._write_task, self._sync_task, *self._retry_tasks.values()]:
            if task is not None:
                task.cancel()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
        if self._run_task is not None:
            self._run_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._run_task

    async def go_offline(self):
        """Close the socket and stay away until ``go_online()`` (a laptop lid shut)."""
        self._online.clear()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)

    def go_online(self):
        self._online.set()

    @property
    def connected(self):
        return self.ws is not None

    # Posting --------------------------------------------------------------------------

    def post(self, body, topic=None, client_id=None):
        """Queue a message (sent now if connected, else after the next connect)."""
        client_id = client_id or str(uuid.uuid4())
        frame = {"type": "message.send", "client_id": client_id, "body": body}
        if topic is not None:
            frame["topic"] = topic
        self.pending[client_id] = frame
        self.posted[client_id] = body
        self._send_soon(client_id)
        return client_id

    def start_writing(self, prefix, topic="faults", interval=0.0):
        """Post numbered messages as fast as the acks come back (``window`` in flight).

        With ``interval``, at most one post every ``interval`` seconds.
        """
        self._writing = True
        self._write_task = asyncio.create_task(self._write(prefix, topic, interval))

    def stop_writing(self):
        # The flag, not only the cancel: Python 3.11's wait_for can swallow a cancellation
        # that arrives just as what it waits for is done.
        self._writing = False
        if self._write_task is not None:
            self._write_task.cancel()
            self._write_task = None

    async def _write(self, prefix, topic, interval):
        number = 0
        while self._writing:
            if len(self.pending) < self.window:
                number += 1
                self.post(f"{prefix} {number}", topic)
                if interval:
                    await asyncio.sleep(interval)
                continue
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1):
                    await self._changed.wait()

    async def send(self, frame):
        """Send any frame now; False when there is no open socket."""
        ws = self.ws
        if ws is None:
            return False
        try:
            await ws.send(json.dumps(frame))
        except ConnectionClosed:
            return False
        return True

    def _send_soon(self, client_id, delay=0):
        task = self._retry_tasks.get(client_id)
        if task is not None and not task.done():
            if delay == 0:
                return  # a resend is already on its way
            task.cancel()
        self._retry_tasks[client_id] = asyncio.create_task(self._send_pending(client_id, delay))

    async def _send_pending(self, client_id, delay):
        if delay:
            await asyncio.sleep(delay)
        frame = self.pending.get(client_id)
        if frame is not None and await self.send(frame):
            self.sends[client_id] += 1
        # Not connected: the next connect resends everything pending.

    # Connection -----------------------------------------------------------------------

    def _ws_url(self, base_url):
        parts = urllib.parse.urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        return f"{scheme}://{parts.netloc}/ws/spaces/{self.space_id}/"

    async def _run(self):
        failures = 0
        while not self._stopping:
            if not self._online.is_set():
                await self._online.wait()
                continue
            base_url = self.urls[self.url_index % len(self.urls)]
            code = None
            opened = False
            try:
                async with connect(
                    self._ws_url(base_url),
                    origin=base_url,
                    additional_headers={"Cookie": f"sessionid={self.session_key}"},
                    open_timeout=OPEN_TIMEOUT,
                    close_timeout=2,
                    ping_interval=None,
                    max_size=2**22,
                ) as ws:
                    opened = True
                    await self._opened(ws)
                    async for text in ws:
                        await self._receive(json.loads(text))
                    code = ws.close_code
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else 1006
            except (OSError, InvalidHandshake, TimeoutError) as error:
                logger.debug("%s could not connect to %s: %r", self.name, base_url, error)
            finally:
                self._closed()
            if self._stopping:
                return
            self.closes[code if opened else None] += 1
            if code in FINAL_CLOSES:
                self.final_close = code
                self.unexpected.append(f"final close {code}")
                return
            if not opened:
                self.url_index += 1  # this server does not answer: try the next one
            failures = failures + 1 if not self.synced_once or not opened else 1
            delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** min(failures - 1, 5))
            await asyncio.sleep(delay * (0.5 + self.random.random()))

    async def _opened(self, ws):
        self.ws = ws
        self.connects += 1
        self.synced_once = False
        self._sync_in_flight = None
        await self._sync()
        for client_id in list(self.pending):
            self._send_soon(client_id)

    def _closed(self):
        self.ws = None
        self._sync_in_flight = None
        for task in [self._sync_task, *self._retry_tasks.values()]:
            if task is not None:
                task.cancel()
        self._sync_task = None
        self._retry_tasks = {}
        self._changed.set()

    # Sync -----------------------------------------------------------------------------

    async def _sync(self):
        if self._sync_in_flight is not None:
            if time.monotonic() - self._sync_in_flight < SYNC_TIMEOUT:
                return
        self._sync_in_flight = time.monotonic()
        if not await self.send({"type": "sync", "after_seq": self.contiguous}):
            self._sync_in_flight = None

    def _sync_soon(self, delay=SYNC_DEBOUNCE):
        if self._sync_task is None or self._sync_task.done():
            self._sync_task = asyncio.create_task(self._sync_later(delay))

    async def _sync_later(self, delay):
        await asyncio.sleep(delay)
        if self._behind():
            await self._sync()

    def _behind(self):
        return self.head_seen > self.contiguous or bool(self.ahead)

    # Frames ---------------------------------------------------------------------------

    async def _receive(self, frame):
        kind = frame.get("type")
        handler = getattr(self, "_on_" + str(kind).replace(".", "_"), None)
        if handler is None:
            self.unexpected.append(frame)
        else:
            try:
                handler(frame)
            except (ProtocolError, KeyError, TypeError) as error:
                self.unexpected.append(f"{error!r} in {frame}")
        self._changed.set()

    def _on_message(self, frame):
        self.live += 1
        self._apply_message(frame["message"], frame["seq"])
        self._note_seq(frame["seq"])

    def _on_message_hidden(self, frame):
        self.live += 1
        self._apply_hidden(frame["id"], frame["seq"])
        self._note_seq(frame["seq"])

    def _on_ack(self, frame):
        client_id = frame["client_id"]
        self.pending.pop(client_id, None)
        self.acked[client_id] = frame["id"]
        if frame.get("message") is not None:
            self._apply_message(frame["message"], frame["seq"])
        self._note_seq(frame["seq"])

    def _on_history(self, frame):
        if "changes" not in frame:
            self.unexpected.append({"type": "history", "keys": sorted(frame)})
            return
        for change in frame["changes"]:
            if change["kind"] == "message":
                self._apply_message(change["message"], change["seq"])
            elif change["kind"] == "hidden":
                self._apply_hidden(change["id"], change["seq"])
            else:
                self.unexpected.append(change)
        self._sync_in_flight = None
        self.head_seen = max(self.head_seen, frame["head"])
        if frame["has_more"]:
            if not frame["changes"]:
                raise ProtocolError(f"{self.name}: has_more without changes")
            self.contiguous = max(self.contiguous, frame["changes"][-1]["seq"])
            self._absorb()
            self._sync_soon(0)
            return
        self.contiguous = max(self.contiguous, frame["head"])
        self._absorb()
        self.synced_once = True
        if self._behind():
            self._sync_soon()

    def _on_head(self, frame):
        self.head_seen = max(self.head_seen, frame["seq"])
        if frame["seq"] > self.contiguous:
            self._sync_soon(0)

    def _on_error(self, frame):
        code = frame.get("code")
        self.errors[code] += 1
        client_id = frame.get("client_id")
        if code in {"unavailable", "rate_limited"}:
            wait = max(1.0, float(frame.get("retry_after") or 1))
            if client_id in self.pending:
                if code == "unavailable":
                    self.unavailable_ids.add(client_id)
                self._send_soon(client_id, wait)
            elif client_id is None:
                # A sync (or an edit, hide or read) was refused: ask again later.
                self._sync_in_flight = None
                self._sync_soon(wait)
            return
        self.unexpected.append(frame)

    def _on_presence(self, frame):
        pass

    def _on_typing(self, frame):
        pass

    def _on_notifications(self, frame):
        # The person's unread count (hidden messages tell their author); kept, not checked.
        unread = frame["unread"]
        if not isinstance(unread, int) or unread < 0:
            raise ProtocolError(f"{self.name}: unread count {unread!r}")
        self.unread_notifications = unread

    # State ----------------------------------------------------------------------------

    def _apply_message(self, message, seq):
        if message.get("seq") != seq:
            raise ProtocolError(f"{self.name}: frame seq {seq} but message {message}")
        message_id = message["id"]
        if seq <= self.known_seq.get(message_id, 0):
            return
        self.known_seq[message_id] = seq
        if message_id not in self.messages:
            self.added[message_id] += 1
        self.messages[message_id] = message

    def _apply_hidden(self, message_id, seq):
        if seq <= self.known_seq.get(message_id, 0):
            return
        self.known_seq[message_id] = seq
        self.messages.pop(message_id, None)

    def _note_seq(self, seq):
        if seq == self.contiguous + 1:
            self.contiguous = seq
            self._absorb()
        elif seq > self.contiguous + 1:
            self.ahead.add(seq)
            self._sync_soon()

    def _absorb(self):
        while self.contiguous + 1 in self.ahead:
            self.contiguous += 1
        self.ahead = {seq for seq in self.ahead if seq > self.contiguous}

    def view(self):
        """id -> the parts of each message a reader sees (compared with the database's)."""
        return {message_id: summary(message) for message_id, message in self.messages.items()}

    def duplicates(self):
        return {message_id: count for message_id, count in self.added.items() if count != 1}

    def resent(self):
        return {client_id for client_id, count in self.sends.items() if count > 1}


def summary(message):
    return (
        message["seq"],
        message["client_id"],
        message["topic"],
        message["author"]["id"],
        message["body"],
        message["body_html"],
        message["edited_at"],
    )


# HTTP -----------------------------------------------------------------------------------


class _FormToken(HTMLParser):
    token = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.token = attrs.get("value")


def login(base_url, username, password, timeout=30):
    """Sign in through the form at /en/accounts/login/; returns the session key."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base_url}/en/accounts/login/", timeout=timeout) as response:
        parser = _FormToken()
        parser.feed(response.read().decode())
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": parser.token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(f"{base_url}/en/accounts/login/", data=data)  # noqa: S310
    with opener.open(request, timeout=timeout):
        pass
    for cookie in jar:
        if cookie.name == "sessionid":
            return cookie.value
    raise AssertionError(f"signing in as {username} gave no session")


class Unavailable(Exception):
    """The server answered 503 or did not answer."""


def api(base_url, path, session_key, method="GET", payload=None, timeout=30):
    """(status, JSON) of an API request as the person of ``session_key``."""
    token = uuid.uuid4().hex  # any 32-character secret, sent as cookie and header alike
    headers = {"Cookie": f"sessionid={session_key}; csrftoken={token}"}
    data = None
    if payload is not None:
        data = json.dumps(payload).encode()
        headers.update({"Content-Type": "application/json", "X-CSRFToken": token})
    request = urllib.request.Request(  # noqa: S310 - http only, the test's own server
        base_url + path, data=data, headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        if error.code == 503:
            raise Unavailable(base_url + path) from error
        return error.code, json.loads(error.read() or b"null")
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        raise Unavailable(base_url + path) from error


def stored_messages(base_url, space_id, session_key):
    """(id -> message, head) from ``?after_seq=`` paged from 0: the space as stored.

    Fails when a message comes twice or a page is not in seq order.
    """
    state, seen, after_seq = {}, set(), 0
    while True:
        status, page = api(
            base_url, f"/api/spaces/{space_id}/messages/?after_seq={after_seq}", session_key
        )
        assert status == 200, page
        seqs = [change["seq"] for change in page["changes"]]
        assert seqs == sorted(set(seqs)) and all(seq > after_seq for seq in seqs), seqs
        for change in page["changes"]:
            message_id = change["message"]["id"] if change["kind"] == "message" else change["id"]
            assert message_id not in seen, f"message {message_id} listed twice"
            seen.add(message_id)
            if change["kind"] == "message":
                state[message_id] = change["message"]
        if not page["has_more"]:
            return state, page["head"]
        after_seq = seqs[-1]
