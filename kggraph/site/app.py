"""The site's routes: HTTP in, a page of :mod:`kggraph.site.pages` out, as HTML or JSON.

Every page takes ``at`` (ISO date, default today) and ``lang`` (nb or en), and is also served
as JSON with ``?format=json`` or a ``.json`` suffix. The site is read-only: GET pages are
rendered once per address and kept; the what-if form (POST) is computed each time and stores
nothing. A user mistake is a page that says what is wrong, with status 400 (a bad date, a
malformed proposal) or 404 (an unknown name); never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date
from functools import cache
from urllib.parse import parse_qsl, quote, urlencode

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from kggraph.errors import KgError
from kggraph.model.dates import parse_iso_date
from kggraph.render.html.select import neighbourhood
from kggraph.render.html.templating import template_environment
from kggraph.render.json_rows import render_json
from kggraph.site import pages
from kggraph.site.state import SiteState
from kggraph.site.words import WORDS

__all__ = ["create_app"]

_log = logging.getLogger("kggraph.site")

LANGS = ("nb", "en")
SITE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-src 'self'; base-uri 'none'; frame-ancestors 'self'"
)
GRAPH_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'; "
    "frame-ancestors 'self'"
)
MAX_FORM = 64 * 1024
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


@cache
def _templates() -> Environment:
    env = template_environment("kggraph.site")
    env.filters["path"] = lambda text: quote(str(text), safe="")
    return env


class Ask:
    """What a request asks: the date, the language, JSON or HTML, and its address."""

    def __init__(self, request: Request, state: SiteState) -> None:
        params = request.query_params
        self.lang = params.get("lang", "nb")
        if self.lang not in LANGS:
            raise KgError(f"unknown language '{self.lang}'; choose nb or en")
        raw = params.get("at", "").strip()
        self.at: date = parse_iso_date(raw) if raw else state.today
        self.given_at = bool(raw)
        self.json = params.get("format") == "json" or request.url.path.endswith(".json")
        self.path = request.url.path.removesuffix(".json")
        self.params = params

    def link(self, path: str, **extra: str) -> str:
        """``path`` with this request's date and language (and ``extra``) kept."""
        query = {"at": self.at.isoformat(), "lang": self.lang, **extra}
        return f"{path}?{urlencode(query)}"

    def switch(self) -> str:
        """This page in the other language."""
        query = {k: v for k, v in self.params.items() if k != "lang"}
        query["lang"] = "en" if self.lang == "nb" else "nb"
        return f"{self.path}?{urlencode(query)}"


def _html(name: str, ask: Ask | None, status: int = 200, **context: object) -> HTMLResponse:
    lang = ask.lang if ask else "nb"
    body = _templates().get_template(name).render(ask=ask, words=WORDS[lang], lang=lang, **context)
    return HTMLResponse(body, status, headers={**HEADERS, "Content-Security-Policy": SITE_CSP})


def _respond(page: pages.Page, ask: Ask) -> Response:
    if ask.json:
        return Response(page.json, 200, media_type="application/json", headers=HEADERS)
    return _html(page.template, ask, title=page.title, **page.context)


def _error(request: Request, err: Exception, status: int) -> Response:
    if request.query_params.get("format") == "json" or request.url.path.endswith(".json"):
        from kggraph.render.json_rows import render_json

        body = render_json({"error": str(err), "status": status})
        return Response(body, status, media_type="application/json", headers=HEADERS)
    return _html("error.html", None, status, title=str(status), message=str(err))


Handler = Callable[[Request, SiteState, Ask], Response]


def _endpoint(handler: Handler, cached: bool = True) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: parse the common parameters, keep GET answers, turn errors into pages."""

    async def run(request: Request) -> Response:
        state: SiteState = request.app.state.site
        key = (request.url.path, str(request.query_params))
        try:
            if not cached or request.method != "GET":
                return handler(request, state, Ask(request, state))
            return state.pages.get(key, lambda: handler(request, state, Ask(request, state)))
        except pages.NotFound as err:
            return _error(request, err, 404)
        except KgError as err:
            return _error(request, err, 400)

    return run


def _home(request: Request, state: SiteState, ask: Ask) -> Response:
    query = ask.params.get("q", "").strip()
    if not query:
        return _respond(pages.home_page(state, ask.at, ask.lang), ask)
    found, choices = pages.search(state, query)
    if found is not None and not ask.json:
        kind = "organisation" if found.is_organisation else "structure"
        return RedirectResponse(ask.link(f"/{kind}/{quote(found.notation, safe='')}"), 303)
    entities = [found] if found else choices
    page = pages.Page(
        "choose.html",
        query,
        render_json([{"notation": e.notation, "label": e.label(ask.lang)} for e in entities]),
        {"query": query, "choices": entities},
    )
    return _respond(page, ask)


def _entity(kind: str) -> Handler:
    def show(request: Request, state: SiteState, ask: Ask) -> Response:
        name = request.path_params["name"]
        if ask.json and name.endswith(".json") and not state.resolver.candidates(name):
            name = name.removesuffix(".json")
        found, choices = pages.search(state, name)
        if found is None:
            raise KgError(f"'{name}' names {len(choices)} entries; search for it instead")
        actual = "organisation" if found.is_organisation else "structure"
        if actual != kind:
            return RedirectResponse(ask.link(f"/{actual}/{quote(found.notation, safe='')}"), 303)
        return _respond(pages.entity_page(state, found, ask.at, ask.lang), ask)

    return show


def _graph(request: Request, state: SiteState, ask: Ask) -> Response:
    """A structure's or organisation's neighbourhood as the ``viz --focus`` page."""
    from kggraph.render.html.graph_html import render_graph_html

    found, _ = pages.search(state, request.path_params["name"])
    if found is None:
        raise pages.NotFound(f"no single entry named '{request.path_params['name']}'")
    view = neighbourhood(state.view(ask.at, ask.lang), found.iri, 1, name=found.notation)
    html, _ = render_graph_html(view, state.findings(ask.at, ask.lang), ask.lang)
    return HTMLResponse(html, headers={**HEADERS, "Content-Security-Policy": GRAPH_CSP})


def _findings(request: Request, state: SiteState, ask: Ask) -> Response:
    rule = ask.params.get("rule") or None
    severity = ask.params.get("severity") or None
    return _respond(pages.findings_page(state, ask.at, ask.lang, rule, severity), ask)


def _overlap(request: Request, state: SiteState, ask: Ask) -> Response:
    by = ask.params.get("by", "all")
    if by not in ("all", "ministries", "agencies"):
        raise KgError(f"unknown --by '{by}'; choose all, ministries or agencies")
    return _respond(pages.overlap_page(state, ask.at, ask.lang, by), ask)


def _whatif(request: Request, state: SiteState, ask: Ask) -> Response:
    form = dict(request.state.form) if request.method == "POST" else None
    at = ask.at if ask.given_at else None
    return _respond(pages.whatif_page(state, form, at, ask.lang), ask)


def _sparql(request: Request, state: SiteState, ask: Ask) -> Response:
    return _respond(pages.sparql_page(state, ask.params.get("query")), ask)


def _static(request: Request, state: SiteState, ask: Ask) -> Response:
    from importlib.resources import files

    css = (files("kggraph.site") / "templates" / "site.css").read_text(encoding="utf-8")
    return Response(
        css, media_type="text/css", headers={**HEADERS, "Cache-Control": "max-age=3600"}
    )


async def _read_form(request: Request) -> Response:
    """The what-if form's POST: read the form fields first (async), then answer.

    The form is URL-encoded (what a browser sends); a body over :data:`MAX_FORM` bytes is
    refused."""
    body = await request.body()
    if len(body) > MAX_FORM:
        return _error(request, KgError(f"the form is larger than {MAX_FORM} bytes"), 413)
    fields = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    request.state.form = dict(fields)
    return await _endpoint(_whatif, cached=False)(request)


def _pair(path: str, handler: Handler) -> list[Route]:
    """``path`` and ``path.json``, for the same handler."""
    run = _endpoint(handler)
    return [Route(f"{path}.json", run), Route(path, run)]


def create_app(state: SiteState) -> Starlette:
    """The site over ``state``: one Starlette app, read-only."""
    routes = [
        Route("/", _endpoint(_home)),
        *_pair("/search", _home),
        Route("/organisation/{name:path}", _endpoint(_entity("organisation"))),
        Route("/structure/{name:path}", _endpoint(_entity("structure"))),
        Route("/graph/{name:path}", _endpoint(_graph)),
        *_pair("/findings", _findings),
        *_pair("/overlap", _overlap),
        Route("/whatif.json", _read_form, methods=["POST"]),
        Route("/whatif", _read_form, methods=["POST"]),
        *_pair("/whatif", _whatif),
        *_pair("/sparql", _sparql),
        Route("/site.css", _endpoint(_static)),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(request, KgError(f"no page at {request.url.path}"), 404)

    async def failed(request: Request, exc: Exception) -> Response:
        _log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return _error(request, KgError("the server could not answer this request"), 500)

    app = Starlette(routes=routes, exception_handlers={404: not_found, 500: failed})
    app.state.site = state
    return app
