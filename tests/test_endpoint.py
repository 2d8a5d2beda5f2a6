"""Reading from and publishing to a real SPARQL store: Debian's Virtuoso, started per module.

The store runs on loopback with its own ini, database, ports and dba password (see
``tests/virtuoso.py``), and caps its answers below the size of the project's graph, so every
read through it pages. Failures are made for real: a chunk the store rejects, a publisher
killed half-way, a port nobody listens on, a socket that never answers.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, XSD
from virtuoso import RESULT_CAP, Virtuoso, free_port, running_virtuoso

from kggraph.cli.main import cli
from kggraph.errors import KgError
from kggraph.model.namespaces import KG
from kggraph.resources import ontology_files
from kggraph.sources.load import load_graph
from kggraph.sources.store import DEFAULT_GRAPH, EndpointError, fetch_graph
from kggraph.sources.store_publish import NotConformingError, PublishResult, publish

FIXTURES = Path(__file__).parent / "fixtures"
TEST_GRAPHS = "https://example.org/kggraph-test/graph/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A fresh Virtuoso for this module, stopped afterwards."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def bundled() -> Graph:
    """Ontology + bundled data, as ``kggraph publish`` sends them."""
    return load_graph()


@pytest.fixture(scope="module")
def edge_cases() -> Graph:
    """Ontology + the hand-written edge cases (blank nodes, lists, awkward literals)."""
    graph = Graph()
    for path in [*ontology_files(), FIXTURES / "endpoint-edge-cases.ttl"]:
        graph.parse(path, format="turtle")
    return graph


def _publish(store: Virtuoso, graph: Graph, iri: str, **options: object) -> PublishResult:
    return publish(
        graph,
        store.sparql,
        iri,
        update_endpoint=store.sparql_auth,
        user="dba",
        password=store.password,
        **options,
    )


def assert_same_graph(expected: Graph, actual: Graph) -> None:
    """Isomorphic, or fail showing the triples only one side has."""
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lost = sorted(only_expected.serialize(format="nt").splitlines())[:10]
    gained = sorted(only_actual.serialize(format="nt").splitlines())[:10]
    pytest.fail(f"graphs differ\nonly expected:\n{lost}\nonly actual:\n{gained}")


def _with(graph: Graph, *triples: tuple) -> Graph:
    bigger = Graph()
    bigger += graph
    for triple in triples:
        bigger.add(triple)
    return bigger


# ------------------------------------------------------------------------- reading back


def test_published_graph_reads_back_the_same(store: Virtuoso, bundled: Graph) -> None:
    """Publish, then read through the endpoint: the same graph, blank nodes included, read
    in pages because the store caps its answers."""
    iri = TEST_GRAPHS + "round-trip"
    result = _publish(store, bundled, iri)
    assert result == PublishResult(iri, len(bundled), 0, store.sparql_auth)
    assert len(bundled) > RESULT_CAP
    back = fetch_graph(store.sparql, iri, timeout=30)
    assert_same_graph(bundled, back)
    assert any(isinstance(node, BNode) for node in back.subjects())


def test_edge_cases_read_back_the_same(store: Virtuoso, edge_cases: Graph) -> None:
    iri = TEST_GRAPHS + "edge-cases"
    _publish(store, edge_cases, iri)
    assert_same_graph(edge_cases, fetch_graph(store.sparql, iri))


def test_default_graph_is_the_kggraph_graph(store: Virtuoso, edge_cases: Graph) -> None:
    """Without --graph both sides use DEFAULT_GRAPH, not the store's default graph (in
    Virtuoso the union of every graph, its system graphs included)."""
    _publish(store, edge_cases, DEFAULT_GRAPH)
    assert_same_graph(edge_cases, fetch_graph(store.sparql, None))


def test_missing_graph_says_to_publish(store: Virtuoso) -> None:
    with pytest.raises(EndpointError, match="is empty or missing: publish it first"):
        fetch_graph(store.sparql, TEST_GRAPHS + "never-published")


# ---------------------------------------------------------------------------- replacing


def test_second_publish_replaces_the_graph(
    store: Virtuoso, bundled: Graph, edge_cases: Graph
) -> None:
    iri = TEST_GRAPHS + "replace"
    _publish(store, bundled, iri)
    result = _publish(store, edge_cases, iri)
    assert (result.triples, result.previous) == (len(edge_cases), len(bundled))
    assert_same_graph(edge_cases, fetch_graph(store.sparql, iri))
    assert store.staging_graphs() == {}


def test_rejected_chunk_leaves_the_old_graph(
    store: Virtuoso, bundled: Graph, edge_cases: Graph
) -> None:
    """The store refuses the last of several chunks (an ill-typed integer sorts last):
    the chunks before it were staged, then dropped; the old graph is whole."""
    iri = TEST_GRAPHS + "rejected"
    _publish(store, edge_cases, iri)
    bad = (URIRef("urn:zzz:last"), URIRef("urn:zzz:count"), Literal("abc", datatype=XSD.integer))
    with pytest.raises(EndpointError) as caught:
        _publish(store, _with(bundled, bad), iri, bulk=False, chunk=500)
    message = str(caught.value)
    assert message.startswith(f"publish failed, <{iri}> is unchanged: ")
    assert "HTTP 400" in message and "abc" in message
    assert "\n" not in message
    assert_same_graph(edge_cases, fetch_graph(store.sparql, iri))
    assert store.staging_graphs() == {}


_PUBLISHER = """
import os, sys
from kggraph.sources.store_publish import publish
from kggraph.sources.load import load_graph
publish(load_graph(), sys.argv[1], sys.argv[2], update_endpoint=sys.argv[3], user="dba",
        password=os.environ["KGGRAPH_PASSWORD"], chunk_bytes=500)
"""


def _kill_when_staging(process: subprocess.Popen[str], store: Virtuoso) -> dict[str, int]:
    """Wait until the publisher has staged some triples, then kill it; the staging graphs."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if any(store.staging_graphs().values()):
            process.kill()
            process.wait(timeout=10)
            time.sleep(0.5)  # a request already sent may still land
            return store.staging_graphs()
        time.sleep(0.05)
    process.kill()
    _, err = process.communicate(timeout=10)
    pytest.fail(f"the publisher ended before it could be interrupted: {err}")


def test_publisher_killed_half_way_leaves_the_old_graph_readable(
    store: Virtuoso, bundled: Graph, edge_cases: Graph, tmp_path: Path
) -> None:
    iri = TEST_GRAPHS + "killed"
    _publish(store, edge_cases, iri)
    process = subprocess.Popen(
        [sys.executable, "-c", _PUBLISHER, store.sparql, iri, store.sparql_auth],
        cwd=tmp_path,
        env={**os.environ, "KGGRAPH_PASSWORD": store.password},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    staging = _kill_when_staging(process, store)
    assert len(staging) == 1 and 0 < next(iter(staging.values())) < len(bundled)
    assert_same_graph(edge_cases, fetch_graph(store.sparql, iri))
    store.update(f"DROP SILENT GRAPH <{next(iter(staging))}>")
    _publish(store, bundled, iri)
    assert_same_graph(bundled, fetch_graph(store.sparql, iri))


def _filler(count: int) -> list[tuple]:
    return [
        (URIRef(f"urn:filler:{n}"), RDF.value, Literal(f"filler {n}", lang="en"))
        for n in range(count)
    ]


_READER = """
import sys
from kggraph.sources.store import EndpointError, fetch_graph
while True:
    try:
        print(len(fetch_graph(sys.argv[1], sys.argv[2])), flush=True)
    except EndpointError as err:
        print(err, flush=True)
"""


def test_readers_never_get_half_a_graph(store: Virtuoso, bundled: Graph, tmp_path: Path) -> None:
    """While a bigger graph replaces the old one, every graph a reader (another process) gets
    has the old size or the new one. (Virtuoso's own count, taken during the MOVE's commit, can
    mix them; fetch_graph then reads again: see test_a_torn_graph_is_refused.)"""
    iri = TEST_GRAPHS + "concurrent"
    _publish(store, bundled, iri)
    bigger = _with(bundled, *_filler(10_000))
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, store.sparql, iri],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [reader.stdout.readline()]  # a first whole read of the old graph
        _publish(store, bigger, iri)
        while lines[-1] and lines[-1].strip() != str(len(bigger)):
            lines.append(reader.stdout.readline())
    finally:
        reader.kill()
        _, err = reader.communicate(timeout=60)
    lines = [line.strip() for line in lines if line.strip()]
    sizes = {int(line) for line in lines if line.isdigit()}
    refusals = [line for line in lines if not line.isdigit()]
    assert sizes == {len(bundled), len(bigger)}, (lines, err)
    assert all("kept changing" in line for line in refusals), refusals


@pytest.mark.parametrize(
    ("tear", "problem"),
    [
        (
            'INSERT DATA { GRAPH <{g}> { <{g}> <http://purl.org/dc/terms/identifier> "other" ; '
            "<http://rdfs.org/ns/void#triples> 7 } }",
            "it holds parts of 2 publications",
        ),
        (
            "DELETE WHERE { GRAPH <{g}> { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } }",
            "of publication",
        ),
    ],
    ids=["two publications", "triples missing"],
)
def test_a_torn_graph_is_refused(
    store: Virtuoso, edge_cases: Graph, tear: str, problem: str
) -> None:
    """The states a read can catch during a replacement, made on purpose: fetch_graph reads
    again, then refuses in one line; a new publish mends the graph."""
    iri = TEST_GRAPHS + "torn"
    _publish(store, edge_cases, iri)
    store.update(tear.replace("{g}", iri))
    with pytest.raises(EndpointError) as caught:
        fetch_graph(store.sparql, iri)
    message = str(caught.value)
    assert message.startswith(f"the graph <{iri}> at {store.sparql} kept changing")
    assert problem in message and "\n" not in message
    _publish(store, edge_cases, iri)
    assert_same_graph(edge_cases, fetch_graph(store.sparql, iri))


def test_a_graph_from_another_tool_is_read(store: Virtuoso, edge_cases: Graph) -> None:
    """Without a publication marker, a graph is accepted when two reads agree."""
    iri = TEST_GRAPHS + "foreign"
    lines = edge_cases.skolemize().serialize(format="nt")
    store.update(f"INSERT DATA {{ GRAPH <{iri}> {{ {lines} }} }}")
    assert_same_graph(edge_cases, fetch_graph(store.sparql, iri))


# ------------------------------------------------------------------------------ refusals


def test_data_that_break_the_shapes_are_not_published(store: Virtuoso, bundled: Graph) -> None:
    iri = TEST_GRAPHS + "shapes"
    broken = _with(bundled, (URIRef("urn:test:agency"), RDF.type, KG.Agency))
    with pytest.raises(NotConformingError, match="nothing was published") as caught:
        _publish(store, broken, iri)
    assert "parentMinistry" in caught.value.report
    assert store.count(iri) == 0
    assert store.staging_graphs() == {}


def test_wrong_password_is_refused_and_not_shown(store: Virtuoso, edge_cases: Graph) -> None:
    iri = TEST_GRAPHS + "password"
    _publish(store, edge_cases, iri)
    with pytest.raises(EndpointError) as caught:
        publish(
            edge_cases,
            store.sparql,
            iri,
            update_endpoint=store.sparql_auth,
            user="dba",
            password="wrong-password-7",
        )
    assert "HTTP 401" in str(caught.value)
    assert "wrong-password-7" not in str(caught.value)
    assert_same_graph(edge_cases, fetch_graph(store.sparql, iri))


def test_updates_at_the_public_endpoint_are_refused_with_a_hint(
    store: Virtuoso, edge_cases: Graph
) -> None:
    with pytest.raises(EndpointError, match="--update-endpoint, e.g. Virtuoso's /sparql-auth"):
        publish(edge_cases, store.sparql, TEST_GRAPHS + "public")


# ------------------------------------------------------------------------ the CLI


def _run(runner: CliRunner, *args: str, **env: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def cli_graph(store: Virtuoso) -> str:
    """The bundled data published with ``kggraph publish``."""
    iri = TEST_GRAPHS + "cli"
    code, out, err = _run(
        CliRunner(),
        *("publish", "--endpoint", store.sparql, "--graph", iri),
        *("--update-endpoint", store.sparql_auth, "--user", "dba"),
        KGGRAPH_PASSWORD=store.password,
    )
    assert code == 0, err
    triples = len(load_graph())
    assert (
        out == f"Published {triples} triples to <{iri}> through {store.sparql_auth} (it held 0).\n"
    )
    assert store.password not in out + err
    return iri


SAME_ANSWERS = [
    ("who", "KD", "--at", "2024-06-30", "--format", "json"),
    ("who", "Bufdir", "--at", "2023-05-11"),
    ("members", "KUBU", "--at", "2024-06-30", "--format", "json"),
    ("members", "Klima", "--at", "2023-05-11"),
    ("structures", "--at", "2024-06-30", "--format", "csv"),
    ("validate",),
    ("check", "--at", "2024-06-30", "--format", "json"),
    ("check", "--at", "2023-05-11", "--rule", "5.1"),
    ("overlap", "--at", "2024-06-30", "--format", "json"),
]


@pytest.mark.parametrize("args", SAME_ANSWERS, ids=" ".join)
def test_answers_through_the_endpoint_equal_the_embedded_ones(
    store: Virtuoso, cli_graph: str, args: tuple[str, ...]
) -> None:
    runner = CliRunner()
    embedded = _run(runner, *args)
    remote = _run(runner, *args, "--endpoint", store.sparql, "--graph", cli_graph)
    assert embedded[0] == 0, embedded[2]
    assert remote == embedded


@pytest.mark.parametrize("command", ["viz", "report"])
def test_pictures_through_the_endpoint_equal_the_embedded_ones(
    store: Virtuoso, cli_graph: str, command: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    pages = {}
    for where, extra in (("embedded", ()), ("remote", ("--endpoint", store.sparql))):
        page = tmp_path / f"{where}.html"
        args = (command, "--at", "2024-06-30", "-o", str(page))
        code, _, err = _run(runner, *args, *extra, *(("--graph", cli_graph) if extra else ()))
        assert code == 0, err
        pages[where] = page.read_text(encoding="utf-8")
    if command == "report":  # its last note names what was read: files, or the store
        note = re.compile(r'<p class="kg-note">[^<]*: concepts\.ttl[^<]*</p>')
        assert f"{store.sparql} &lt;{cli_graph}&gt;" in note.search(pages["remote"]).group()
        pages = {where: note.sub("", page) for where, page in pages.items()}
    assert pages["remote"] == pages["embedded"]


def test_endpoint_and_graph_from_the_environment(store: Virtuoso, cli_graph: str) -> None:
    runner = CliRunner()
    args = ("who", "KD", "--at", "2024-06-30", "--format", "json")
    remote = _run(runner, *args, KGGRAPH_ENDPOINT=store.sparql, KGGRAPH_GRAPH=cli_graph)
    assert remote == _run(runner, *args)
    assert json.loads(remote[1])


def test_password_is_not_an_option() -> None:
    code, _, err = _run(CliRunner(), "publish", "--endpoint", "http://x/sparql", "--password", "p")
    assert code == 2 and "No such option" in err and "--password" in err


# ----------------------------------------------------- dead endpoints (no store needed)


def test_dead_endpoint_is_one_clear_line_exit_2() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    code, out, err = _run(CliRunner(), "who", "KD", "--endpoint", url)
    assert code == 2 and out == ""
    assert err == f"Error: cannot reach SPARQL endpoint {url}: Connection refused\n"


def test_silent_endpoint_times_out() -> None:
    """A server that accepts the connection and never answers: the error comes after --timeout."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        started = time.monotonic()
        code, _, err = _run(CliRunner(), "who", "KD", "--endpoint", url, "--timeout", "0.5")
        elapsed = time.monotonic() - started
    assert code == 2
    assert err == f"Error: {url} did not answer within 0.5 s (raise --timeout if it is slow)\n"
    assert elapsed < 10


def test_dead_endpoint_publish_writes_nothing_and_says_so(bundled: Graph) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointError, match="cannot reach SPARQL endpoint"):
        publish(bundled, url, TEST_GRAPHS + "dead", timeout=2)


@pytest.mark.parametrize(
    ("endpoint", "graph", "message"),
    [
        ("localhost:8890/sparql", None, "is not an http(s) URL"),
        ("http://dba:secret@localhost:8890/sparql", None, "put no user or password in the URL"),
        ("http://localhost:8890/sparql", "not an IRI", "is not an absolute IRI"),
    ],
)
def test_unusable_arguments_are_refused_before_any_request(
    endpoint: str, graph: str | None, message: str
) -> None:
    with pytest.raises(KgError, match=re.escape(message)) as caught:
        fetch_graph(endpoint, graph)
    assert "secret" not in str(caught.value)


def test_user_without_password_is_refused(edge_cases: Graph) -> None:
    with pytest.raises(KgError, match="set it in KGGRAPH_PASSWORD"):
        publish(edge_cases, "http://127.0.0.1:1/sparql", DEFAULT_GRAPH, user="dba")
