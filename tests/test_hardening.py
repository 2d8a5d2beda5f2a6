"""Bad data never crashes a command, never changes an answer, never costs a file (issue 20).

Each case is run as a user runs it: through the CLI, on the bundled data plus a hostile file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kggraph.cli.main import cli

PREFIXES = """@prefix kg: <https://w3id.org/kggraph/ont#> .
@prefix kgd: <https://w3id.org/kggraph/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kgrole: <https://w3id.org/kggraph/role/> .
@prefix kglevel: <https://w3id.org/kggraph/level/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


def membership(name: str, *, period: str | None = None, role: str | None = "member") -> str:
    """A membership of KD in Klima, with the given period (Turtle) and role."""
    lines = [
        f"kgd:{name} a org:Membership ; org:member kgd:KD ; org:organization kgd:Klima ;",
        "  kg:level kglevel:unknown ; dcterms:source kgd:src-002-3.2-start",
    ]
    if role:
        lines.append(f"  ; org:role kgrole:{role}")
    if period:
        lines.append(f"  ; org:memberDuring {period}")
    return PREFIXES + "\n".join(lines) + " .\n"


def starting(text: str) -> str:
    """A period starting on the date literal ``text``."""
    return (
        "[ a time:Interval ; time:hasBeginning [ a time:Instant ; "
        f'time:inXSDDate "{text}"^^xsd:date ] ]'
    )


KGGRAPH = [sys.executable, "-c", "from kggraph.cli.main import cli; cli(prog_name='kggraph')"]


def ministry(path: Path, notation: str, **labels: str) -> Path:
    """A file with one ministry, ``notation``, named by ``labels`` (language → name)."""
    names = " ; ".join(f'skos:prefLabel "{name}"@{lang}' for lang, name in labels.items())
    path.write_text(
        PREFIXES
        + "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        + f'kgd:{notation} a kg:Ministry ; skos:notation "{notation}" ; {names} .\n',
        encoding="utf-8",
    )
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_error_line(err: str) -> str:
    """The one line a user mistake prints, checked to be one line without a traceback."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    return lines[0]


COMMANDS = [
    ("members", "Klima"),
    ("who", "KD"),
    ("check",),
    ("overlap",),
    ("info",),
    ("structures",),
]


@pytest.mark.parametrize("text", ["2024-13-45", "unknown", "10000-01-01"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_malformed_date_is_one_line_naming_file_subject_property(
    tmp_path: Path, text: str, command: tuple[str, ...]
) -> None:
    """Case 1: a date that is no date stops every command with one line, exit 2."""
    bad = tmp_path / "bad-date.ttl"
    bad.write_text(membership("m-bad-date", period=starting(text)))
    code, _, err = run(*command, "--data", str(bad))
    assert code == 2
    line = one_error_line(err)
    assert str(bad) in line and "kgd:m-bad-date" in line and "time:inXSDDate" in line
    assert f"'{text}' is not a date" in line


def test_malformed_date_with_keep_going_is_a_warning_and_left_out(tmp_path: Path) -> None:
    bad = tmp_path / "bad-date.ttl"
    bad.write_text(membership("m-bad-date", period=starting("2024-13-45")))
    code, out, err = run("members", "Klima", "--data", str(bad), "--keep-going", "--format", "csv")
    clean_code, clean_out, _ = run("members", "Klima", "--format", "csv")
    assert code == 0 and clean_code == 0
    assert out == clean_out
    assert err.startswith(f"Warning: left out: {bad}: kgd:m-bad-date: org:memberDuring")


def test_viz_with_bad_date_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad-date.ttl"
    bad.write_text(membership("m-bad-date", period=starting("unknown")))
    code, _, err = run("viz", "--data", str(bad), "-o", str(tmp_path / "kg.html"))
    assert code == 2 and "kgd:m-bad-date" in one_error_line(err)
    assert not (tmp_path / "kg.html").exists()


def conflict_table(folder: Path) -> Path:
    """A memberships table whose one row reuses the id of a bundled membership (the lead of
    Klima) with another member, role and level."""
    folder.mkdir()
    table = folder / "memberships.csv"
    table.write_text(
        "id,structure,member,role,level,start,end,period note,period source,comment,"
        "comment (en),source\n"
        "m-Klima-KLD-lead,Klima,KD,member,unknown,2021-10 (month) «oktober 2021» "
        "[t-Klima-start],,,,,,src-002-3.2-start\n",
        encoding="utf-8",
    )
    return table


def test_two_values_is_an_error_naming_file_subject_property(tmp_path: Path) -> None:
    """Case 2: a table row that gives a bundled membership a second member, role and level is
    one error line naming the file and row, the subject and the properties, and what to do
    (the spreadsheet workflow of issue 14), whatever the hash order."""
    table = conflict_table(tmp_path / "conflict")
    code, _, err = run("members", "Klima", "--data", str(table))
    assert code == 2
    line = one_error_line(err)
    assert f"{table}, row 2" in line and "kgd:m-Klima-KLD-lead" in line
    assert "org:member" in line and "org:role" in line and "give the row a new id" in line


def test_two_values_with_keep_going_is_the_same_clear_error(tmp_path: Path) -> None:
    """--keep-going leaves out what cannot be read; a changed row can be read, but replacing
    the bundled fact is the user's choice, so it stays an error that says what to do."""
    table = conflict_table(tmp_path / "conflict")
    code, out, err = run(
        "members", "Klima", "--data", str(table), "--keep-going", "--format", "csv"
    )
    assert code == 2 and out == ""
    assert "give the row a new id" in one_error_line(err)


def test_same_answer_under_every_hash_seed(tmp_path: Path) -> None:
    """`members Klima --data conflict.csv` under three PYTHONHASHSEEDs: the same output."""
    table = conflict_table(tmp_path / "conflict")
    seen = set()
    for seed in ("1", "2", "3"):
        for extra in ((), ("--keep-going",)):
            env = {**os.environ, "PYTHONHASHSEED": seed}
            done = subprocess.run(
                [*KGGRAPH, "members", "Klima", "--data", str(table), *extra],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            seen.add((extra, done.returncode, done.stdout, done.stderr))
    assert len(seen) == 2, seen
    assert {code for _, code, _, _ in seen} == {2}


def test_membership_without_role_is_an_error(tmp_path: Path) -> None:
    """Case 3: no role is not silently 'member'."""
    bad = tmp_path / "no-role.ttl"
    bad.write_text(membership("m-no-role", period=starting("2024-01-01"), role=None))
    code, _, err = run("members", "Klima", "--data", str(bad))
    assert code == 2
    assert "kgd:m-no-role: org:role: missing" in one_error_line(err)


def test_membership_without_source_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "no-source.ttl"
    text = membership("m-no-source", period=starting("2024-01-01"))
    bad.write_text(text.replace(" ; dcterms:source kgd:src-002-3.2-start", ""))
    code, _, err = run("who", "KD", "--data", str(bad))
    assert code == 2
    assert "kgd:m-no-source: dcterms:source: missing" in one_error_line(err)


def test_membership_without_period_is_a_warning(tmp_path: Path) -> None:
    """No period is allowed by the shapes: kept, active on every date, and said so."""
    data = tmp_path / "no-period.ttl"
    data.write_text(membership("m-no-period"))
    code, out, err = run("members", "Klima", "--data", str(data), "--format", "csv")
    _, without, _ = run("members", "Klima", "--format", "csv")
    assert code == 0
    assert err.strip() == (
        f"Warning: {data}: kgd:m-no-period: org:memberDuring: missing: "
        "taken as active on every date"
    )
    assert len(out.splitlines()) == len(without.splitlines()) + 1


BACKWARDS = (
    "[ a time:Interval ; "
    'time:hasBeginning [ a time:Instant ; time:inXSDDate "2024-05-01"^^xsd:date ] ; '
    'time:hasEnd [ a time:Instant ; time:inXSDDate "2023-01-01"^^xsd:date ] ]'
)


def test_end_before_start_is_caught_by_validate_and_check_strict(tmp_path: Path) -> None:
    bad = tmp_path / "backwards.ttl"
    bad.write_text(membership("m-backwards", period=BACKWARDS))
    code, out, _ = run("validate", "--data", str(bad))
    assert code == 1
    assert "kgd:m-backwards: org:memberDuring / time:hasEnd: ends (2023-01-01) before" in out
    code, _, err = run("check", "--strict", "--data", str(bad))
    assert code == 2
    assert "ends (2023-01-01) before it starts (2024-05-01)" in one_error_line(err)


def large_turtle(path: Path, statements: int, broken_at: int | None = None) -> int:
    """A Turtle file of ``statements`` lines (more than splitparse's threshold: it is read in
    halves), with the statement on line ``broken_at`` broken; the number of lines."""
    lines = [b"@prefix ex: <http://example.org/> .\n"]
    lines += [b"ex:s%d ex:p ex:o%d .\n" % (i, i) for i in range(statements)]
    if broken_at is not None:
        lines[broken_at - 1] = b"ex:broken ex:p ;; ]] .\n"
    path.write_bytes(b"".join(lines))
    return len(lines)


def test_large_broken_file_names_the_line_in_the_second_half(tmp_path: Path) -> None:
    """Case 4: the error in a file parsed in halves is reported with its line in the whole
    file, from pyoxigraph's position (the file is not parsed again to word it)."""
    from kggraph.sources.splitparse import MIN_BYTES

    bad = tmp_path / "large.ttl"
    count = large_turtle(bad, 250_000)
    broken_at = count - 1000
    large_turtle(bad, 250_000, broken_at)
    assert bad.stat().st_size > MIN_BYTES
    code, _, err = run("info", "--no-bundled", "--data", str(bad))
    assert code == 2
    assert one_error_line(err).startswith(f"Error: {bad}: line {broken_at}: ")


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(c) for c in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_forked_parser_dies_with_its_parent(tmp_path: Path) -> None:
    """Case 12: a SIGTERM to a loading kggraph ends its forked half too, at once."""
    import signal
    import time

    big = tmp_path / "large.ttl"
    large_turtle(big, 1_500_000)
    load = subprocess.Popen([*KGGRAPH, "info", "--no-bundled", "--data", str(big)])
    deadline = time.monotonic() + 60
    while not children(load.pid) and load.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    forked = children(load.pid)
    assert forked, "the file was parsed in halves"
    load.send_signal(signal.SIGTERM)
    load.wait(10)
    deadline = time.monotonic() + 2
    while alive(forked[0]) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not alive(forked[0])


def limited_file_size(limit: int):  # noqa: ANN201 - a preexec_fn
    """A child set-up where a file grows no larger than ``limit`` bytes: a write past it
    fails (EFBIG) as on a full disk."""
    import resource
    import signal

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_keeps_the_old_page(tmp_path: Path) -> None:
    """Case 5: a write that fails half way leaves the old kg.html whole, and no temp file."""
    page = tmp_path / "kg.html"
    old = "<html>the old page</html>"
    page.write_text(old)
    done = subprocess.run(
        [*KGGRAPH, "viz", "-o", str(page)],
        capture_output=True,
        text=True,
        preexec_fn=limited_file_size(10_000),
        check=False,
    )
    assert done.returncode == 2
    assert one_error_line(done.stderr).startswith(f"Error: {page}: cannot write: ")
    assert page.read_text() == old
    assert [p.name for p in tmp_path.iterdir()] == ["kg.html"]


def read_only_folder(tmp_path: Path) -> Path:
    """A folder no file can be made in (a chmod'ed folder, or /proc when we are root)."""
    if os.geteuid() == 0:
        return Path("/proc")
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    return folder


@pytest.mark.parametrize("fmt", ["turtle", "xlsx", "csv-dir"])
def test_export_to_an_unwritable_place_is_one_line(tmp_path: Path, fmt: str) -> None:
    for target in (
        tmp_path / "missing" / "deeper" / "out.x",
        read_only_folder(tmp_path) / "out.x",
        Path("/dev/full"),
    ):
        if fmt == "csv-dir" and target.parent.name == "deeper":
            continue  # a missing folder for csv-dir is made
        code, _, err = run("export", "--format", fmt, "-o", str(target))
        assert code == 2, (target, err)
        assert one_error_line(err).startswith(f"Error: {target}"), err


def test_stdout_to_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*KGGRAPH, "structures"], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert done.returncode == 2
    assert one_error_line(done.stderr) == (
        "Error: cannot write the output: No space left on device"
    )


def test_ctrl_c_during_import_leaves_no_partial_file(tmp_path: Path) -> None:
    """Interrupted at any moment, import leaves either no file or the whole file."""
    import signal
    import time

    tables = tmp_path / "tables"
    assert run("export", "--format", "csv-dir", "-o", str(tables))[0] == 0
    whole = tmp_path / "whole.ttl"
    started = time.monotonic()
    subprocess.run([*KGGRAPH, "import", str(tables), "--no-bundled", "-o", str(whole)], check=True)
    took = time.monotonic() - started
    for share in (0.6, 0.85, 0.97):
        out = tmp_path / "out.ttl"
        out.unlink(missing_ok=True)
        job = subprocess.Popen(
            [*KGGRAPH, "import", str(tables), "--no-bundled", "-o", str(out)],
            stderr=subprocess.DEVNULL,
        )
        time.sleep(took * share)
        job.send_signal(signal.SIGINT)
        job.wait(60)
        if out.exists():
            assert out.read_bytes() == whole.read_bytes()
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names in (["out.ttl", "tables", "whole.ttl"], ["tables", "whole.ttl"]), names


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\u202e"


def test_terminal_escapes_from_labels_are_shown_escaped(tmp_path: Path) -> None:
    """Case 8: a label with escape sequences reaches the table escaped, also when stdout is
    not a terminal (as here)."""
    data = ministry(tmp_path / "escapes.ttl", "EVIL", nb=f"Evil{ESCAPES}")
    with data.open("a", encoding="utf-8") as more:
        more.write(
            membership("m-evil", period=starting("2021-01-01")).replace("kgd:KD", "kgd:EVIL")
        )
    code, out, err = run("members", "Klima", "--data", str(data))
    assert code == 0, err
    assert "EVIL" in out and "Evil\\x1b]0;owned\\x07" in out
    assert not any(ch in out for ch in "\x1b\x07\u202e")


def test_terminal_escapes_in_error_messages_are_shown_escaped() -> None:
    code, _, err = run("who", f"KD{ESCAPES}")
    assert code == 2
    assert "\\x1b[2J" in one_error_line(err)
    assert not any(ch in err for ch in "\x1b\x07\u202e")


def test_sparql_refuses_service_unless_allowed() -> None:
    """Case 9: a SERVICE clause sends a request elsewhere: refused without --allow-service;
    with it, a failing request is one line, not a traceback."""
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    code, _, err = run("sparql", query)
    assert code == 2
    assert "reads from elsewhere (SERVICE)" in one_error_line(err)
    assert "--allow-service" in err
    code, _, err = run("sparql", "--allow-service", query)
    assert code == 2
    assert one_error_line(err).startswith("Error: SPARQL query failed: ")


def test_sparql_refuses_from_a_remote_graph() -> None:
    code, _, err = run("sparql", "SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }")
    assert code == 2 and "reads from elsewhere (FROM)" in one_error_line(err)


def test_jsonld_with_a_remote_context_is_refused_without_a_request(tmp_path: Path) -> None:
    """Case 9: the context would be fetched from a server that counts requests; none come."""
    import http.server
    import threading

    asked = []

    class Counter(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"p": "http://example.org/p"}}')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        doc = tmp_path / "remote.jsonld"
        context = f"http://127.0.0.1:{server.server_port}/context.jsonld"
        doc.write_text(f'{{"@context": "{context}", "@id": "http://example.org/a", "p": "x"}}')
        code, _, err = run("who", "KD", "--data", str(doc))
    finally:
        server.shutdown()
    assert code == 2
    assert f"the JSON-LD context {context} is elsewhere and is not fetched" in one_error_line(err)
    assert asked == []


FORMULA = "=cmd|' /C calc'!A0"


def formula_data(tmp_path: Path) -> Path:
    """A ministry whose Norwegian name is a formula that would run a command in Excel."""
    return ministry(tmp_path / "formula.ttl", "FORMULA", nb=FORMULA, en="-1+2")


def test_csv_export_escapes_formulas(tmp_path: Path) -> None:
    """Case 10: the CSV of triples writes a formula with a ' before it."""
    data = formula_data(tmp_path)
    code, out, _ = run("export", "--format", "csv", "--data", str(data))
    assert code == 0
    import csv

    labels = {row[2] for row in csv.reader(out.splitlines()) if row[0].endswith("/FORMULA")}
    assert {"'" + FORMULA, "'-1+2"} <= labels


def test_csv_dir_escapes_formulas_and_import_reads_them_back(tmp_path: Path) -> None:
    data = formula_data(tmp_path)
    tables = tmp_path / "tables"
    code, _, err = run("export", "--format", "csv-dir", "-o", str(tables), "--data", str(data))
    assert code == 0, err
    organisations = (tables / "organisations.csv").read_text(encoding="utf-8-sig")
    line = next(row for row in organisations.splitlines() if row.startswith("FORMULA,"))
    assert "'" + FORMULA.replace('"', '""') in line and "'-1+2" in line
    back = tmp_path / "back.ttl"
    code, _, err = run("import", str(tables), "--no-bundled", "-o", str(back))
    assert code == 0, err
    from rdflib import Graph, Literal, URIRef

    graph = Graph().parse(back)
    labels = set(graph.objects(URIRef("https://w3id.org/kggraph/id/FORMULA"), None))
    assert Literal(FORMULA, lang="nb") in labels and Literal("-1+2", lang="en") in labels


def test_xlsx_formula_without_saved_value_is_a_warning(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "memberships"
    sheet.append(["id", "structure", "member", "role", "level", "start", "comment", "source"])
    sheet.append(
        ["m-x", "Klima", "KD", "member", "unknown", "2021-10-01", "=1+1", "src-002-3.2-start"]
    )
    workbook = tmp_path / "formula.xlsx"
    book.save(workbook)
    code, _, err = run("import", str(workbook), "-o", str(tmp_path / "out.ttl"))
    assert code == 0, err
    assert (
        f"Warning: {workbook}:memberships, row 2, G: a formula without a saved value (=1+1)" in err
    )


def test_sparql_file_that_is_binary_is_one_line(tmp_path: Path) -> None:
    """Case 11: binary files where text is expected."""
    query = tmp_path / "query.rq"
    query.write_bytes(bytes(range(256)))
    code, _, err = run("sparql", "--file", str(query))
    assert code == 2 and one_error_line(err) == f"Error: {query}: not a text file (UTF-8)"


def test_binary_proposal_toml_is_one_line(tmp_path: Path) -> None:
    proposal = tmp_path / "proposal.toml"
    proposal.write_bytes(bytes(range(256)))
    code, _, err = run("check", "--proposal", str(proposal))
    assert code == 2 and one_error_line(err) == f"Error: {proposal}: not a text file (UTF-8)"


def test_proposal_turtle_with_a_bad_date_is_one_line(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "proposal-two-leads.ttl"
    proposal = tmp_path / "proposal.ttl"
    proposal.write_text(
        fixture.read_text().replace('"2025-01-01"^^xsd:date', '"2025-13-45"^^xsd:date')
    )
    code, _, err = run("check", "--proposal", str(proposal))
    assert code == 2
    line = one_error_line(err)
    assert str(proposal) in line and "'2025-13-45' is not a date" in line


class _Planted:
    """A pickle that runs code when it is read: it makes the file ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (Path.touch, (self.marker,))


def test_a_planted_cache_entry_is_never_unpickled(tmp_path: Path) -> None:
    """Case 12: whoever can write the cache folder cannot make kggraph run their code."""
    import pickle

    cache = tmp_path / "cache"
    env = {**os.environ, "KGGRAPH_CACHE_DIR": str(cache)}
    env.pop("KGGRAPH_NO_CACHE", None)
    first = subprocess.run([*KGGRAPH, "who", "KD"], capture_output=True, text=True, env=env)
    assert first.returncode == 0
    [entry] = cache.glob("*.model.pickle")
    marker = tmp_path / "ran"
    planted = pickle.dumps(_Planted(marker))
    for body in (planted, bytes(32) + planted, entry.read_bytes()[:32] + planted):
        entry.write_bytes(body)
        again = subprocess.run([*KGGRAPH, "who", "KD"], capture_output=True, text=True, env=env)
        assert again.returncode == 0 and again.stdout == first.stdout
        assert not marker.exists()
        assert entry.read_bytes() != body, "the entry was written again, signed"


# ---------------------------------------------------------------- what already held


class _CountingServer:
    """A loopback HTTP server that answers nothing useful and counts the requests it gets."""

    def __enter__(self) -> _CountingServer:
        import http.server
        import threading

        self.asked: list[str] = []
        asked = self.asked

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                asked.append(self.path)
                self.send_error(500)

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        return self

    def __exit__(self, *args: object) -> None:
        self.server.shutdown()


@pytest.mark.parametrize(
    "graph",
    [
        "http://example.org/g> } ; DROP ALL ; SELECT * { <http://x",
        'http://example.org/g" } #',
        "http://example.org/g>\nCLEAR ALL",
    ],
)
def test_sparql_injection_through_graph_is_refused_before_any_request(graph: str) -> None:
    """Defended: a --graph that would break out of <…> never reaches the store."""
    with _CountingServer() as server:
        code, _, err = run("who", "KD", "--endpoint", server.url, "--graph", graph)
    assert code == 2 and "is not an absolute IRI" in one_error_line(err)
    assert server.asked == []


@pytest.mark.parametrize("name", ['KD" } DROP ALL #', "KD> } CLEAR ALL", "'; DROP TABLE x; --"])
def test_sparql_injection_through_names_is_an_unknown_name(name: str) -> None:
    """Defended: names are matched against the loaded records, never put into a query."""
    code, _, err = run("who", name)
    assert code == 2 and "Error: " in one_error_line(err)


def test_script_in_labels_is_inert_in_the_page(tmp_path: Path) -> None:
    """Defended: a label with a script is escaped, under a Content-Security-Policy."""
    data = ministry(tmp_path / "script.ttl", "EVIL", nb="</script><script>alert(1)</script>")
    page = tmp_path / "kg.html"
    code, _, err = run("viz", "--data", str(data), "-o", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "Content-Security-Policy" in html


def test_concurrent_loads_share_the_cache_without_stale_answers(tmp_path: Path) -> None:
    """Defended: loads of different data into one cache folder at once each get their own
    answer, and a second round (from the cache) the same."""
    cache = tmp_path / "cache"
    env = {**os.environ, "KGGRAPH_CACHE_DIR": str(cache)}
    env.pop("KGGRAPH_NO_CACHE", None)
    datas = []
    for i in range(4):
        data = tmp_path / f"extra-{i}.ttl"
        data.write_text(membership(f"m-extra-{i}", period=starting(f"202{i}-01-01")))
        datas.append(data)
    command = [*KGGRAPH, "members", "Klima", "--format", "csv", "--at", "2024-06-30"]
    rounds = []
    for _ in range(2):
        jobs = [
            subprocess.Popen([*command, "--data", str(d)], stdout=subprocess.PIPE, env=env)
            for d in datas
        ]
        rounds.append([job.communicate()[0] for job in jobs])
    assert rounds[0] == rounds[1]
    assert len(set(rounds[0])) == len(datas), "each load answered from its own data"


def test_an_organisation_left_out_takes_its_memberships_along(tmp_path: Path) -> None:
    """With --keep-going, a ministry whose period does not read is left out, and so is its
    seat in Klima: no membership is left naming an organisation that is not there."""
    data = ministry(tmp_path / "bad-ministry.ttl", "BADMIN", nb="Dårlig departement")
    text = data.read_text(encoding="utf-8").replace(
        'skos:notation "BADMIN" ;',
        f'skos:notation "BADMIN" ; kg:activeDuring {starting("unknown")} ;',
    )
    seat = membership("m-badmin", period=starting("2021-01-01")).replace("kgd:KD", "kgd:BADMIN")
    data.write_text(text + seat, encoding="utf-8")
    code, _, err = run("members", "Klima", "--data", str(data))
    assert code == 2 and "kgd:BADMIN: kg:activeDuring / time:hasBeginning" in one_error_line(err)
    code, out, err = run("members", "Klima", "--data", str(data), "--keep-going", "--format", "csv")
    assert code == 0, err
    assert "BADMIN" not in out
    assert "left out: " in err and "kgd:m-badmin: org:member: left out" in err
