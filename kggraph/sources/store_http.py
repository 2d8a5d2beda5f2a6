"""A small SPARQL 1.1 protocol client over the standard library (``urllib``).

Queries and updates are POSTed as forms (``query=`` / ``update=``), so long ones fit. With a
user, the client answers the store's Digest challenge (Virtuoso's ``/sparql-auth``) or Basic
challenge (Fuseki behind a password). Every failure becomes one :class:`EndpointError` line
that names the endpoint, never the password.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kggraph import __version__
from kggraph.errors import KgError

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "DEFAULT_MAX_ANSWER_MB",
    "DEFAULT_TIMEOUT",
    "EndpointError",
    "SparqlClient",
    "check_limits",
    "client",
    "shown",
]

DEFAULT_TIMEOUT = 30.0
"""Seconds one request to the store may take, from connecting to the last byte."""
MB = 1 << 20
DEFAULT_MAX_ANSWER_MB = 2048
"""The largest answer read from a store, in MB (a whole graph of a million memberships as
N-Triples is about 1,300 MB)."""

QUERY_ATTEMPTS = 3
_PASSING = re.compile(r"HTTP 500: .*(SR171|40001|Transaction timed out|deadlock)", re.IGNORECASE)

_NT_ACCEPT = "application/n-triples, text/plain;q=0.5"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RDF_FORMATS = {
    "application/n-triples": "nt",
    "text/ntriples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


class EndpointError(KgError):
    """A SPARQL endpoint that cannot be reached, does not answer in time, or refuses a request."""


@dataclass(frozen=True)
class SparqlClient:
    """One endpoint URL with its credentials, its time limit per request (a total deadline:
    connecting, sending and reading the whole answer) and its largest answer in bytes."""

    url: str
    timeout: float
    opener: urllib.request.OpenerDirector
    max_bytes: int = DEFAULT_MAX_ANSWER_MB * MB
    user: str | None = None

    def post(self, form: dict[str, str], accept: str) -> tuple[str, bytes]:
        """POST a form; the answer's media type and body, or an :class:`EndpointError`.

        A query the store gave up on for a reason that passes (Virtuoso's "Transaction timed
        out" or a deadlock, while a large publish commits) is sent again, up to
        :data:`QUERY_ATTEMPTS` times; an update is not.
        """
        body = urllib.parse.urlencode(form).encode()
        kind = "application/x-www-form-urlencoded"
        for attempt in range(1, QUERY_ATTEMPTS + 1):
            try:
                return self.send(self.url, body, kind, accept)
            except EndpointError as err:
                if (
                    "query" not in form
                    or attempt == QUERY_ATTEMPTS
                    or not _PASSING.search(str(err))
                ):
                    raise
                time.sleep(attempt)
        raise AssertionError("unreachable")

    def send(
        self, url: str, body: bytes, content_type: str, accept: str = "*/*"
    ) -> tuple[str, bytes]:
        """POST ``body`` to ``url`` within the deadline; the answer's media type and body."""
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Accept": accept,
                "Content-Type": content_type,
                "User-Agent": f"kggraph/{__version__}",
            },
        )
        deadline = Deadline(self.timeout)
        request.deadline = deadline  # type: ignore[attr-defined] - read by _DeadlineHandler
        try:
            with deadline, self.opener.open(request, timeout=self.timeout) as response:
                kind, answer = response.headers.get_content_type(), self._read(response, url)
            if deadline.expired:  # the socket was shut under the read: what came is cut short
                raise TimeoutError
            return kind, answer
        except urllib.error.HTTPError as err:
            raise _refusal(url, err, self.user) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
            why = TimeoutError() if deadline.expired else err
            raise _unreachable(url, why, self.timeout) from None

    def _read(self, response: http.client.HTTPResponse, url: str) -> bytes:
        """The whole answer, refused past :attr:`max_bytes`."""
        parts, size = [], 0
        while block := response.read(1 << 16):
            size += len(block)
            if size > self.max_bytes:
                raise EndpointError(
                    f"{shown(url)} sent an answer larger than {self.max_bytes // MB} MB "
                    "(raise --max-answer if that is expected)"
                )
            parts.append(block)
        return b"".join(parts)

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update request."""
        self.post({"update": update}, "*/*")

    def select(self, query: str) -> list[dict[str, Any]]:
        """Run a SELECT; its rows, each {variable: SPARQL JSON term}."""
        kind, body = self.post({"query": query}, "application/sparql-results+json")
        try:
            answer = json.loads(body)
            rows = answer["results"]["bindings"]
            if not isinstance(rows, list):
                raise TypeError(rows)
            return rows
        except (ValueError, KeyError, TypeError):
            raise EndpointError(
                f"{shown(self.url)} did not answer a SPARQL query with SPARQL JSON results "
                f"(it sent {kind}); is it a SPARQL query endpoint?"
            ) from None

    def count(self, query: str) -> int:
        """Run a SELECT whose first row's first value is a number, and return that number."""
        rows = self.select(query)
        try:
            return int(next(iter(rows[0].values()))["value"]) if rows else 0
        except (ValueError, KeyError, TypeError, StopIteration):
            raise EndpointError(
                f"{shown(self.url)} answered a count with something that is not a number"
            ) from None

    def construct_text(self, query: str) -> bytes:
        """Run a CONSTRUCT and return its answer as N-Triples (the store must send them)."""
        kind, body = self.post({"query": query}, _NT_ACCEPT)
        if _RDF_FORMATS.get(kind) != "nt":
            raise EndpointError(
                f"{shown(self.url)} answered a CONSTRUCT with {kind}, not N-Triples"
            )
        return body

    def construct(self, query: str, into: Graph, bnodes: dict[str, Any]) -> int:
        """Run a CONSTRUCT and add its triples to ``into``; how many of them were new.

        ``bnodes`` maps the store's blank node labels to rdflib's, so that one label means
        one node across several answers (pages) of N-Triples. (rdflib's other parsers take no
        such map: their blank nodes are new in every answer.)
        """
        kind, body = self.post({"query": query}, _RDF_ACCEPT)
        fmt = _RDF_FORMATS.get(kind)
        if fmt is None:
            raise EndpointError(f"{shown(self.url)} answered a CONSTRUCT with {kind}, not RDF")
        before = len(into)
        shared = {"bnode_context": bnodes} if fmt == "nt" else {}
        try:
            into.parse(data=body.decode("utf-8"), format=fmt, **shared)
        except Exception as err:  # noqa: BLE001 - any parser failure is one clear line
            raise EndpointError(f"{shown(self.url)} sent RDF that does not parse: {err}") from None
        return len(into) - before


class Deadline:
    """The end of one request's time: when it passes, the connection is shut, so that a
    server sending a byte now and then cannot keep a read going past ``--timeout``."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` when the deadline passes (at once if it has)."""
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watched(base: type[http.client.HTTPConnection], deadline: Deadline | None) -> Any:
    """A connection class whose socket ``deadline`` shuts when the time is up."""

    def connect(connection: http.client.HTTPConnection) -> None:
        base.connect(connection)
        if deadline is not None:
            deadline.watch(connection.sock)

    return type(base.__name__, (base,), {"connect": connect})


class _DeadlineHTTP(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            _watched(http.client.HTTPConnection, getattr(req, "deadline", None)), req
        )


class _DeadlineHTTPS(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = _watched(http.client.HTTPSConnection, getattr(req, "deadline", None))
        return self.do_open(connection, req, context=self._context)


def client(
    url: str,
    timeout: float,
    user: str | None = None,
    password: str | None = None,
    max_answer_mb: float = DEFAULT_MAX_ANSWER_MB,
) -> SparqlClient:
    """A client for ``url``; with ``user``, it answers Digest or Basic challenges."""
    _check_url(url)
    check_limits(timeout, max_answer_mb)
    handlers: list[urllib.request.BaseHandler] = [_DeadlineHTTP(), _DeadlineHTTPS()]
    if user:
        if password is None:
            raise KgError(f"--user {user} needs a password: set it in KGGRAPH_PASSWORD")
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        parts = urllib.parse.urlsplit(url)  # the whole server: its Graph Store endpoint too
        passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password)
        handlers += [
            urllib.request.HTTPDigestAuthHandler(passwords),
            urllib.request.HTTPBasicAuthHandler(passwords),
        ]
    opener = urllib.request.build_opener(*handlers)
    return SparqlClient(url, timeout, opener, int(max_answer_mb * MB), user)


def check_limits(timeout: float, max_answer_mb: float) -> None:
    """Refuse a time limit or a size cap that is not a positive finite number."""
    if not (math.isfinite(timeout) and timeout > 0):
        raise KgError(f"--timeout must be a positive number of seconds, not {timeout}")
    if not (math.isfinite(max_answer_mb) and max_answer_mb > 0):
        raise KgError(f"--max-answer must be a positive number of MB, not {max_answer_mb}")


def shown(url: str) -> str:
    """``url`` fit for a message: any ``user:password@`` part cut out."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _check_url(url: str) -> None:
    """Refuse what is not an http(s) URL, and credentials written into one."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"'{shown(url)}' is not an http(s) URL (e.g. http://localhost:8890/sparql)")
    if parts.username or parts.password:
        raise KgError(
            f"{shown(url)}: put no user or password in the URL; "
            "use --user and the environment variable KGGRAPH_PASSWORD"
        )


def _refusal(url: str, err: urllib.error.HTTPError, user: str | None) -> EndpointError:
    """The error for an HTTP error status, with the first line the store gave as a reason."""
    hint = " (updates need an endpoint that takes them: --update-endpoint, e.g. Virtuoso's "
    hint += "/sparql-auth, with --user)"
    if err.code in (401, 403):
        why = "check --user and the password in KGGRAPH_PASSWORD" if user else hint[2:-1]
        return EndpointError(f"{shown(url)} refused the request (HTTP {err.code}): {why}")
    why = _first_line(err)
    if not ("SR186" in why or "permission" in why.lower()):
        hint = ""
    return EndpointError(f"{shown(url)} answered HTTP {err.code}: {why}{hint}")


def _first_line(err: urllib.error.HTTPError) -> str:
    """The first non-empty line of an error body (tags removed), or the HTTP reason."""
    try:
        body = err.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        body = ""
    for line in re.sub(r"<[^>]+>", " ", body).splitlines():
        if line.strip():
            return " ".join(line.split())[:300]
    return str(err.reason)


def _unreachable(url: str, err: BaseException, timeout: float) -> EndpointError:
    """The error for a network failure: refused, unknown host, timed out, connection lost."""
    reason = err.reason if isinstance(err, urllib.error.URLError) else err
    if isinstance(reason, TimeoutError):
        return EndpointError(
            f"{shown(url)} did not answer within {timeout:g} s (raise --timeout if it is slow)"
        )
    lost = isinstance(reason, (ConnectionError, http.client.HTTPException))
    if lost and not isinstance(reason, ConnectionRefusedError):
        return EndpointError(f"lost the connection to {shown(url)}: {_reason_text(reason)}")
    return EndpointError(f"cannot reach SPARQL endpoint {shown(url)}: {_reason_text(reason)}")


def _reason_text(reason: object) -> str:
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return " ".join(str(text).split())
