"""The shared store at scale and under faults, driven through the CLI (issues 17 and 20).

Real Virtuoso on loopback (``tests/virtuoso.py``); the faulty stores are small real HTTP
servers on loopback that answer as a badly behaved store would.
"""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from virtuoso import Virtuoso, running_virtuoso

from kggraph.cli.main import cli
from kggraph.model.names import entity_names
from kggraph.sources.load import load_graph, load_model
from kggraph.sources.store import STAGING_PREFIX
from kggraph.sources.store_publish import name_keys

GRAPHS = "https://example.org/kggraph-test/scale/"
AT = "2024-06-30"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "synth.nt"
    code, _, err = _run("synth", "--memberships", "2000", "--seed", "3", "-o", str(path))
    assert code == 0, err
    return path


@pytest.fixture(scope="module")
def larger_synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough triples (about 220,000) that a publish by INSERT DATA takes seconds even on an
    idle machine, so that a SIGTERM can land while it stages."""
    path = tmp_path_factory.mktemp("synth") / "synth-20000.nt"
    code, _, err = _run("synth", "--memberships", "20000", "--seed", "3", "-o", str(path))
    assert code == 0, err
    return path


def _run(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def _publish(store: Virtuoso, graph: str, *data: str) -> str:
    code, out, err = _run(
        *("publish", "--endpoint", store.sparql, "--graph", graph),
        *("--update-endpoint", store.sparql_auth, "--user", "dba", *data),
        KGGRAPH_PASSWORD=store.password,
    )
    assert code == 0, err
    return err


def _remote(store: Virtuoso, graph: str) -> tuple[str, ...]:
    return ("--endpoint", store.sparql, "--graph", graph)


IN_STORE = {"KGGRAPH_NO_CACHE": "1"}
"""No publication kept: ``who`` and ``members`` are answered in the store."""


BUNDLED_QUESTIONS = [
    ("who", "kunnskapsdepartementet", "--at", AT, "--format", "json"),
    ("who", "Helse og omsorgsdepartementet", "--at", AT),
    ("members", "kubu", "--at", AT, "--format", "csv"),
    ("members", "KD", "--at", AT),
    ("who", "Nobody-at-all"),
    ("who", "OED", "--at", "2023-05-11", "--format", "json"),  # a former name, dated
    ("members", "Klima", "--at", "2023-05-11"),
    ("who", "KUBU", "--at", "2019-01-01", "--format", "json"),
]


@pytest.mark.parametrize("args", BUNDLED_QUESTIONS, ids=" ".join)
def test_names_and_errors_in_the_store_equal_the_embedded_ones(
    store: Virtuoso, args: tuple[str, ...]
) -> None:
    """Folded spellings, an organisation asked for members, an unknown name: the store's
    road gives the embedded road's rows and its error line."""
    graph = GRAPHS + "bundled"
    if not store.count(graph):
        _publish(store, graph)
    assert _run(*args, *_remote(store, graph), **IN_STORE) == _run(*args)


SYNTH_QUESTIONS = [
    ("members", "KG1", "--at", AT, "--format", "json"),
    ("members", "KG3", "--at", AT, "--format", "table"),
    ("who", "KD", "--at", AT, "--format", "json"),
    ("who", "Direktorat 3", "--at", AT, "--format", "csv"),
    ("structures", "--at", AT, "--format", "csv"),
]


@pytest.mark.parametrize("args", SYNTH_QUESTIONS, ids=" ".join)
def test_synthetic_answers_in_the_store_equal_the_embedded_ones(
    store: Virtuoso, synthetic: Path, args: tuple[str, ...]
) -> None:
    graph = GRAPHS + "synthetic"
    if not store.count(graph):
        _publish(store, graph, "--data", str(synthetic), "--no-bundled")
    local = _run(*args, "--data", str(synthetic), "--no-bundled")
    assert local[0] == 0, local[2]
    assert local[1].count("\n") > 3
    assert _run(*args, *_remote(store, graph), **IN_STORE) == local
    assert _run(*args, *_remote(store, graph)) == local  # with the publication kept


EU_QUESTIONS = [
    ("who", "Eurostat"),  # EUROSTAT is another organisation: ambiguous, as written or not
    ("who", "EUROPECHE"),  # Europêche: ambiguous only once accents are folded
    ("who", "Comite Europeen des Assurances"),  # and Comité européen des assurances
    ("members", "Meetings on implementing the European framework of key competences"),
    ("who", "Eurostatt"),  # unknown: the same "did you mean"
    ("members", "E01419"),  # no --at: the register's snapshot, 2011-06-10
    ("who", "Ministry of Culture and Tourism"),
]


@pytest.mark.parametrize("args", EU_QUESTIONS, ids=" ".join)
def test_register_names_in_the_store_are_resolved_as_embedded(
    store: Virtuoso, imported: tuple[Path, str], args: tuple[str, ...]
) -> None:
    """On the real EU register, names spelled alike but for case, accents or punctuation
    are several entities: the store's road finds all of them, as the one resolver does, and
    takes the data set's snapshot date as the default --at."""
    graph = GRAPHS + "eu"
    if not store.count(graph):
        _publish(store, graph, "--data", str(imported[0]), "--no-bundled")
    local = _run(*args, "--data", str(imported[0]), "--no-bundled")
    assert local[1] or "Error" in local[2]
    remote = _run(*args, *_remote(store, graph), **IN_STORE)
    assert (remote[0], remote[1]) == local[:2]
    assert remote[2] == "".join(
        line for line in local[2].splitlines(keepends=True) if not line.startswith("Warning")
    )


def test_a_new_publication_is_seen_by_the_next_command(
    store: Virtuoso, synthetic: Path, tmp_path: Path
) -> None:
    """The first command downloads and keeps the publication; after a new publish the next
    command sees the new graph, not the kept one."""
    graph = GRAPHS + "changing"
    cache = {"KGGRAPH_CACHE_DIR": str(tmp_path)}
    args = ("structures", "--at", AT, "--format", "csv", *_remote(store, graph))
    _publish(store, graph)
    first = _run(*args, **cache)
    assert first == _run("structures", "--at", AT, "--format", "csv")
    assert len(list((tmp_path / "publications").glob("*.nt"))) == 1
    _publish(store, graph, "--data", str(synthetic), "--no-bundled")
    second = _run(*args, **cache)
    assert second != first
    assert second == _run(*args[:5], "--data", str(synthetic), "--no-bundled")
    assert len(list((tmp_path / "publications").glob("*.nt"))) == 1


def test_a_store_without_a_graph_store_endpoint_gets_inserts(store: Virtuoso) -> None:
    """The bulk path answers 404 (here: a wrong --graph-store): publish falls back to INSERT
    DATA, and the graph reads back as the embedded one."""
    graph = GRAPHS + "fallback"
    err = _publish(store, graph, "--graph-store", store.sparql.replace("/sparql", "/no-such"))
    assert err == ""
    keys = name_keys(entity_names(load_model()))
    assert len(keys) > 100
    assert store.count(graph) == len(load_graph()) + 3 + len(keys)  # data, marker, name keys
    args = ("structures", "--at", AT, "--format", "csv")
    assert _run(*args, *_remote(store, graph)) == _run(*args)


# ------------------------------------------------------------- publish: interruptions


def test_data_that_break_the_shapes_have_their_staging_graph_dropped(
    store: Virtuoso, larger_synthetic: Path, tmp_path: Path
) -> None:
    """Staging runs while SHACL validates: with 20,000 memberships and one citation without a
    label, the upload has begun when validation fails; its staging graph is dropped, and the
    graph published before is whole."""
    graph = GRAPHS + "broken"
    _publish(store, graph)
    before = store.count(graph)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:test:citation> a <https://w3id.org/kggraph/ont#Citation> .\n")
    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(sum(store.staging_graphs().values()))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        code, out, err = _run(
            *("publish", "--endpoint", store.sparql, "--graph", graph, "--update-endpoint"),
            *(store.sparql_auth, "--user", "dba", "--data", str(larger_synthetic)),
            *("--data", str(broken)),
            KGGRAPH_PASSWORD=store.password,
        )
    finally:
        done.set()
        watcher.join()
    assert code == 2, out + err
    assert "nothing was published" in err and "a citation needs rdfs:label" in err
    assert max(seen) > 0  # staged while validating
    assert store.staging_graphs() == {}
    assert store.count(graph) == before


def test_sigterm_during_publish_drops_the_staging_graph(
    store: Virtuoso, larger_synthetic: Path, tmp_path: Path
) -> None:
    """SIGTERM while staging (slow INSERT DATA requests): the staging graph is dropped, the
    message says so, exit 130, and the old graph is whole."""
    graph = GRAPHS + "terminated"
    _publish(store, graph)
    before = store.count(graph)
    process = subprocess.Popen(
        [sys.executable, "-c", "from kggraph.cli.main import cli; cli()", "publish"]
        + ["--endpoint", store.sparql, "--graph", graph, "--update-endpoint"]
        + [store.sparql_auth, "--user", "dba", "--no-bulk", "--data", str(larger_synthetic)],
        cwd=tmp_path,
        env={**os.environ, "KGGRAPH_PASSWORD": store.password},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any(store.staging_graphs().values()):
            process.send_signal(signal.SIGTERM)
            break
        time.sleep(0.05)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.startswith(f"Error: publish interrupted: <{graph}> is unchanged; the staging")
    assert "Traceback" not in err
    assert store.staging_graphs() == {}
    assert store.count(graph) == before


def test_old_staging_graphs_are_dropped_by_the_next_publish(store: Virtuoso) -> None:
    """A staging graph two hours old (a publisher killed by SIGKILL) goes; a fresh one, maybe
    another publisher's at work, stays."""
    old = f"{STAGING_PREFIX}20200101T000000Z-{'a' * 32}"
    fresh_stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    fresh = f"{STAGING_PREFIX}{fresh_stamp}-{'b' * 32}"
    for staging in (old, fresh):
        store.update(
            f"INSERT DATA {{ GRAPH <{staging}> {{ <urn:x> <http://purl.org/dc/terms/identifier> "
            '"x" } }'
        )
    err = _publish(store, GRAPHS + "cleaned")
    assert f"Dropped <{old}>" in err
    assert set(store.staging_graphs()) == {fresh}
    store.update(f"DROP SILENT GRAPH <{fresh}>")


# ----------------------------------------------------------- stores that misbehave


class _Store(http.server.BaseHTTPRequestHandler):
    """A store answering every query from ``self.server.answer(query)``."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        from urllib.parse import parse_qs

        length = int(self.headers.get("Content-Length", 0))
        query = parse_qs(self.rfile.read(length).decode())["query"][0]
        self.server.answer(self, query)  # type: ignore[attr-defined]

    def log_message(self, *args: object) -> None:
        pass


def _serving(answer: object) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Store)
    server.answer = answer  # type: ignore[attr-defined]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def _send(handler: http.server.BaseHTTPRequestHandler, kind: str, body: bytes) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture()
def turtle_store() -> Iterator[str]:
    """A store that holds the bundled graph (no publication marker) and answers CONSTRUCT
    in Turtle only."""
    graph = load_graph()
    turtle = graph.serialize(format="turtle").encode()

    def answer(handler: http.server.BaseHTTPRequestHandler, query: str) -> None:
        if query.startswith("CONSTRUCT"):
            _send(handler, "text/turtle", turtle)
            return
        rows = [{"n": {"type": "literal", "value": str(len(graph))}}] if "COUNT" in query else []
        body = f'{{"head": {{"vars": ["n"]}}, "results": {{"bindings": {rows}}}}}'
        _send(handler, "application/sparql-results+json", body.replace("'", '"').encode())

    yield from _serving(answer)


def test_a_store_answering_in_turtle_is_read(turtle_store: str) -> None:
    """Issue 20, case 6: ``bnode_context`` was passed to rdflib's Turtle parser."""
    args = ("structures", "--at", AT, "--format", "csv")
    assert _run(*args, "--endpoint", turtle_store) == _run(*args)


@pytest.fixture()
def trickling_store() -> Iterator[str]:
    """A store that sends its answer one byte every 0.3 s, for ever."""

    def answer(handler: http.server.BaseHTTPRequestHandler, query: str) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        try:
            while True:
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.3)
        except OSError:
            return

    yield from _serving(answer)


def test_timeout_bounds_the_whole_request(trickling_store: str) -> None:
    """Issue 20, case 7: each byte comes well within --timeout, the whole answer never."""
    started = time.monotonic()
    code, out, err = _run("who", "KD", "--endpoint", trickling_store, "--timeout", "1.5")
    elapsed = time.monotonic() - started
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {trickling_store} did not answer within 1.5 s (raise --timeout if it is slow)\n"
    )
    assert elapsed < 10


@pytest.fixture()
def flooding_store() -> Iterator[str]:
    """A store whose every answer is 3 MB."""

    def answer(handler: http.server.BaseHTTPRequestHandler, query: str) -> None:
        _send(handler, "application/sparql-results+json", b" " * (3 << 20))

    yield from _serving(answer)


def test_answers_past_the_size_cap_are_refused(flooding_store: str) -> None:
    code, out, err = _run("who", "KD", "--endpoint", flooding_store, "--max-answer", "1")
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {flooding_store} sent an answer larger than 1 MB "
        "(raise --max-answer if that is expected)\n"
    )


REFUSED_PAST = 1500
"""The most triples the refusing store answers a CONSTRUCT with: below the synthetic set's
``rdf:type`` triples (about 2,900) and below the tests' Virtuoso's cap (4,000)."""


@pytest.fixture()
def refusing_store(store: Virtuoso) -> Iterator[str]:
    """The tests' Virtuoso behind a proxy that refuses any CONSTRUCT answer of more than
    :data:`REFUSED_PAST` triples with Virtuoso's own error, as Virtuoso refuses one of more
    than a million."""
    import urllib.parse
    import urllib.request

    def answer(handler: http.server.BaseHTTPRequestHandler, query: str) -> None:
        body = urllib.parse.urlencode({"query": query}).encode()
        headers = {"Accept": handler.headers["Accept"]}
        request = urllib.request.Request(store.sparql, data=body, headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            kind, body = response.headers["Content-Type"], response.read()
        triples = body.count(b"\n")
        if query.startswith("CONSTRUCT") and triples > REFUSED_PAST:
            error = "Virtuoso 42000 Error FRVEC: array in for vectored over max vector length "
            handler.send_error(500, explain=f"{error}{triples} > {REFUSED_PAST}")
            return
        _send(handler, kind, body)

    yield from _serving(answer)


def test_a_publication_larger_than_one_answer_comes_in_pages(
    store: Virtuoso,
    synthetic: Path,
    refusing_store: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """At 1,000,000 memberships Virtuoso refused the whole publication in one answer; now it
    comes a few predicates at a time, and a predicate larger than a page in sorted pages."""
    from kggraph.sources import store as store_module

    graph = GRAPHS + "synthetic"
    if not store.count(graph):
        _publish(store, graph, "--data", str(synthetic), "--no-bundled")
    monkeypatch.setattr(store_module, "PAGE_TRIPLES", REFUSED_PAST)
    args = ("check", "--at", AT, "--format", "json")
    local = _run(*args, "--data", str(synthetic), "--no-bundled")
    assert local[1].count("\n") > 10
    remote = ("--endpoint", refusing_store, "--graph", graph)
    assert _run(*args, *remote, KGGRAPH_CACHE_DIR=str(tmp_path)) == local
    assert len(list((tmp_path / "publications").glob("*.nt"))) == 1


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
@pytest.mark.parametrize("option", ["--timeout", "--max-answer"])
def test_limits_must_be_positive_numbers(option: str, value: str) -> None:
    code, out, err = _run("who", "KD", "--endpoint", "http://127.0.0.1:9/sparql", option, value)
    assert (code, out) == (2, "")
    assert f"Invalid value for '{option}': '{value}' is not a positive number" in err
    assert "Traceback" not in err
