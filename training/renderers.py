"""Render a page's HTML to plain text the ways real dumps are made.

    render(html, "html-text")   # what ../shared/eval/*/ID.dump.txt was made with
    render(html, "browser")     # headless Chromium's document.body.innerText

Every renderer takes the page as ``str`` (decode it with :func:`decode_html`, as all the
renderers here are fed the same text) and returns the rendered text. The renderers:

* ``html-text``: ``html_text.extract_text(html, guess_layout=True)``;
* ``inscriptis``: ``inscriptis.get_text(html)``, default configuration (CSS-aware layout);
* ``bs4``: ``BeautifulSoup(html, "lxml")`` with ``script`` and ``style`` elements removed, then
  ``get_text("\\n")``: what a typical scraper does (``noscript`` is kept: forum software such
  as Discourse serves its whole thread there);
* ``html2text``: markdown-ish, links and images off, the converter's default 78-column wrap;
* ``browser``: a real headless browser (Debian's ``chromium``) driven over the Chrome DevTools
  Protocol: scripts disabled for the page, no network (every host name fails to resolve), the
  page loaded from a local ``file://`` copy, then ``document.body.innerText`` evaluated through
  ``Runtime.evaluate`` (which works with page scripts off). This is what copy-paste and browser
  automation produce; WCXB's ``ID.dump3.txt`` was made the same way.
"""

from __future__ import annotations

import atexit
import json
import multiprocessing.util
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RENDERERS = ("html-text", "inscriptis", "bs4", "html2text", "browser")

#: Where Debian's package puts it; override with ARTICLEKIT_CHROMIUM.
CHROMIUM = os.environ.get("ARTICLEKIT_CHROMIUM", "/usr/bin/chromium")


def decode_html(data: bytes) -> str:
    """The page's text as every renderer here gets it: UTF-8, undecodable bytes replaced.

    This is how the corpora's ``ID.dump.txt`` were made (html-text on this string reproduces
    them byte for byte), so the renderers differ only in how they render.
    """
    return data.decode("utf-8", errors="replace")


def _html_text(html: str) -> str:
    import html_text

    return str(html_text.extract_text(html, guess_layout=True))


def _inscriptis(html: str) -> str:
    import inscriptis

    return str(inscriptis.get_text(html))


def _bs4(html: str) -> str:
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():  # some pages are XHTML; parsing them as HTML is the point
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return str(soup.get_text("\n"))


def _html2text(html: str) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.ignore_links = True
    converter.ignore_images = True
    return str(converter.handle(html))


def _browser(html: str) -> str:
    return _shared_browser().inner_text(html)


_FUNCTIONS: dict[str, Callable[[str], str]] = {
    "html-text": _html_text,
    "inscriptis": _inscriptis,
    "bs4": _bs4,
    "html2text": _html2text,
    "browser": _browser,
}


def render(html: str, name: str) -> str:
    """``html`` rendered to text by renderer ``name`` (one of :data:`RENDERERS`)."""
    try:
        function = _FUNCTIONS[name]
    except KeyError:
        raise ValueError(f"unknown renderer {name!r}; known: {', '.join(RENDERERS)}") from None
    return function(html)


# -- the browser -------------------------------------------------------------------------------


def _die_with_parent() -> None:
    """In the browser's process before exec: on Linux, be killed when the parent dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class BrowserError(RuntimeError):
    """Chromium could not be started, or did not answer."""


class Chromium:
    """One headless Chromium and one tab, driven over the DevTools Protocol (websocket-client).

    Pages are written to a private temporary folder (UTF-8 with a byte-order mark, so the
    browser decodes exactly the string it was given, whatever the page's ``<meta charset>``)
    and loaded from there. Scripts are off for the page; ``Runtime.evaluate`` still runs.
    Navigations away from the page (``<meta http-equiv=refresh>``) are cancelled, and with no
    host name resolving, nothing is fetched from the network.
    """

    def __init__(self, executable: str = CHROMIUM, timeout: float = 30.0) -> None:
        if not Path(executable).exists() and shutil.which(executable) is None:
            raise BrowserError(
                f"no Chromium at {executable}: apt-get install -y chromium "
                "(or set ARTICLEKIT_CHROMIUM)"
            )
        import websocket  # websocket-client

        self.timeout = timeout
        self.folder = Path(tempfile.mkdtemp(prefix="articlekit-chromium-"))
        profile = self.folder / "profile"
        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--blink-settings=scriptEnabled=false",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--mute-audio",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--window-size=1280,720",  # the viewport WCXB's dump3.txt agrees with best
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise BrowserError("Chromium did not start (no DevToolsActivePort)")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}{path}", timeout=timeout, suppress_origin=True
        )
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self._call("Page.enable", session=True)
        self._call("Emulation.setScriptExecutionDisabled", {"value": True}, session=True)
        # Only the page itself may load as a document: a refresh or redirect is cancelled.
        self._call(
            "Fetch.enable",
            {"patterns": [{"urlPattern": "*", "resourceType": "Document"}]},
            session=True,
        )
        self._page_url = ""
        self._count = 0
        atexit.register(self.close)
        # A multiprocessing worker leaves through os._exit, which skips atexit: its finalizers run.
        multiprocessing.util.Finalize(self, self.close, exitpriority=10)

    # The protocol: one websocket to the browser, commands to the tab by session id.
    def _send(self, method: str, params: dict[str, Any] | None, session: bool) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        return self._next_id

    def _receive(self) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(self.ws.recv())
        if message.get("method") == "Fetch.requestPaused":
            params = message["params"]
            if params["request"]["url"].split("#")[0] == self._page_url:
                self._send("Fetch.continueRequest", {"requestId": params["requestId"]}, True)
            else:
                self._send(
                    "Fetch.failRequest",
                    {"requestId": params["requestId"], "errorReason": "Aborted"},
                    True,
                )
        return message

    def _call(
        self, method: str, params: dict[str, Any] | None = None, session: bool = False
    ) -> dict[str, Any]:
        wanted = self._send(method, params, session)
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def _wait_for(self, event: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while True:
            for i, message in enumerate(self._events):
                if message.get("method") == event:
                    del self._events[: i + 1]
                    return True
            self._events.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.ws.settimeout(left)
            try:
                message = self._receive()
            except Exception:  # websocket timeout
                return False
            finally:
                self.ws.settimeout(self.timeout)
            if "method" in message:
                self._events.append(message)

    def inner_text(self, html: str) -> str:
        """``document.body.innerText`` of ``html`` as Chromium lays it out."""
        self._count += 1
        page = self.folder / f"page{self._count % 2}.html"
        page.write_bytes(b"\xef\xbb\xbf" + html.encode("utf-8", errors="replace"))
        self._page_url = page.as_uri()
        self._events.clear()
        self._call("Page.navigate", {"url": self._page_url}, session=True)
        if not self._wait_for("Page.loadEventFired", self.timeout):
            self._call("Page.stopLoading", session=True)
        result = self._call(
            "Runtime.evaluate",
            {
                "expression": "document.body ? document.body.innerText : ''",
                "returnByValue": True,
            },
            session=True,
        )
        value = result.get("result", {}).get("value")
        return value if isinstance(value, str) else ""

    def close(self) -> None:
        try:
            if getattr(self, "ws", None) is not None:
                self.ws.close()
        except Exception:
            pass
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_BROWSER: Chromium | None = None


def _shared_browser() -> Chromium:
    """One Chromium per process, started on first use (and restarted if it died)."""
    global _BROWSER
    if _BROWSER is None or _BROWSER.process.poll() is not None:
        if _BROWSER is not None:
            _BROWSER.close()
        _BROWSER = Chromium()
    return _BROWSER


def close_browser() -> None:
    """Stop this process's Chromium, if one was started."""
    global _BROWSER
    if _BROWSER is not None:
        _BROWSER.close()
        _BROWSER = None
