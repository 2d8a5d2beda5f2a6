"""A small SPARQL 1.1 protocol client over the standard library (``urllib``).

Queries and updates are POSTed as forms (``query=`` / ``update=``), so long ones fit. With a
user, the client answers the store's Digest challenge (Virtuoso's ``/sparql-auth``) or Basic
challenge (Fuseki behind a password). Every failure becomes one :class:`EndpointError` line
that names the endpoint, never the password.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kggraph import __version__
from kggraph.errors import KgError

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["EndpointError", "SparqlClient", "client", "shown"]

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
    """One endpoint URL with its credentials and its time limit per request."""

    url: str
    timeout: float
    opener: urllib.request.OpenerDirector

    def post(self, form: dict[str, str], accept: str) -> tuple[str, bytes]:
        """POST a form; the answer's media type and body, or an :class:`EndpointError`."""
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(form).encode(),
            method="POST",
            headers={"Accept": accept, "User-Agent": f"kggraph/{__version__}"},
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as err:
            raise _refusal(self.url, err) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
            raise _unreachable(self.url, err, self.timeout) from None

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update request."""
        self.post({"update": update}, "*/*")

    def count(self, query: str) -> int:
        """Run a SELECT whose first row's first value is a number, and return that number."""
        kind, body = self.post({"query": query}, "application/sparql-results+json")
        try:
            answer = json.loads(body)
            rows, name = answer["results"]["bindings"], answer["head"]["vars"][0]
            return int(rows[0][name]["value"]) if rows else 0
        except (ValueError, KeyError, IndexError, TypeError):
            raise EndpointError(
                f"{shown(self.url)} did not answer a SPARQL query with SPARQL JSON results "
                f"(it sent {kind}); is it a SPARQL query endpoint?"
            ) from None

    def construct(self, query: str, into: Graph, bnodes: dict[str, Any]) -> int:
        """Run a CONSTRUCT and add its triples to ``into``; how many of them were new.

        ``bnodes`` maps the store's blank node labels to rdflib's, so that one label means
        one node across several answers (pages).
        """
        kind, body = self.post({"query": query}, _RDF_ACCEPT)
        fmt = _RDF_FORMATS.get(kind)
        if fmt is None:
            raise EndpointError(f"{shown(self.url)} answered a CONSTRUCT with {kind}, not RDF")
        before = len(into)
        try:
            into.parse(data=body.decode("utf-8"), format=fmt, bnode_context=bnodes)
        except Exception as err:  # noqa: BLE001 - any parser failure is one clear line
            raise EndpointError(f"{shown(self.url)} sent RDF that does not parse: {err}") from None
        return len(into) - before


def client(
    url: str, timeout: float, user: str | None = None, password: str | None = None
) -> SparqlClient:
    """A client for ``url``; with ``user``, it answers Digest or Basic challenges."""
    _check_url(url)
    if timeout <= 0:
        raise KgError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    handlers: list[urllib.request.BaseHandler] = []
    if user:
        if password is None:
            raise KgError(f"--user {user} needs a password: set it in KGGRAPH_PASSWORD")
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password)
        handlers += [
            urllib.request.HTTPDigestAuthHandler(passwords),
            urllib.request.HTTPBasicAuthHandler(passwords),
        ]
    return SparqlClient(url, timeout, urllib.request.build_opener(*handlers))


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


def _refusal(url: str, err: urllib.error.HTTPError) -> EndpointError:
    """The error for an HTTP error status, with the first line the store gave as a reason."""
    if err.code in (401, 403):
        return EndpointError(
            f"{shown(url)} refused the request (HTTP {err.code}): "
            "check --user and the password in KGGRAPH_PASSWORD"
        )
    why = _first_line(err)
    hint = ""
    if "SR186" in why or "permission" in why.lower():
        hint = " (updates need an endpoint that takes them: --update-endpoint, e.g. Virtuoso's "
        hint += "/sparql-auth, with --user)"
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
