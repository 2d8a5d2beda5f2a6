"""A throw-away Virtuoso for the integration tests, started from Debian's virtuoso-opensource-7.

Each server gets its own ``virtuoso.ini`` and database in a temporary folder, listens on
loopback only, on free (non-default) ports, and has a non-default dba password, set over isql
after the first start. Its answers are capped at :data:`RESULT_CAP` rows, below the size of
the project's graph, so reading through it must page as a team's store may. A run without
Virtuoso skips, saying why; with ``KGGRAPH_REQUIRE_VIRTUOSO=1`` (set in CI) it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from kggraph.sources.store import STAGING_PREFIX

__all__ = ["RESULT_CAP", "Virtuoso", "free_port", "require_virtuoso", "running_virtuoso"]

RESULT_CAP = 4000
REQUIRE = "KGGRAPH_REQUIRE_VIRTUOSO"
START_SECONDS = 60.0
QUERY_SECONDS = 60
"""How long one query or update may run in the tests' store."""
AFTER_IMAGE = 50_000_000
"""Virtuoso's own default for TransactionAfterImageLimit (bytes of log one transaction may
write): ``MOVE`` onto a graph of about 950,000 triples goes past it ("SR325")."""


@dataclass(frozen=True)
class Virtuoso:
    """A running server: its folder, ports, dba password and process."""

    folder: Path
    http_port: int
    sql_port: int
    password: str
    process: subprocess.Popen[bytes]

    @property
    def sparql(self) -> str:
        """The public (read-only) SPARQL endpoint."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def sparql_auth(self) -> str:
        """The SPARQL endpoint that takes updates from an authenticated (Digest) user."""
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    def select(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT on the public endpoint; each row as {variable: value}."""
        body = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(
            self.sparql, data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            rows = json.loads(response.read())["results"]["bindings"]
        return [{name: cell["value"] for name, cell in row.items()} for row in rows]

    def count(self, graph: str) -> int:
        """The number of triples in a named graph."""
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return int(self.select(query)[0]["n"])

    def staging_graphs(self) -> dict[str, int]:
        """The staging graphs in the store, with their sizes."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }} GROUP BY ?g'
        )
        return {row["g"]: int(row["n"]) for row in rows}

    def update(self, update: str) -> None:
        """Run a SPARQL update as dba (Digest authentication at /sparql-auth)."""
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, self.sparql_auth, "dba", self.password)
        opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
        body = urllib.parse.urlencode({"update": update}).encode()
        with opener.open(urllib.request.Request(self.sparql_auth, data=body), timeout=30):
            pass

    def log_tail(self, lines: int = 20) -> str:
        """The end of the server's log, for failure messages."""
        log = self.folder / "virtuoso.log"
        text = log.read_text(errors="replace") if log.exists() else "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 20 s)."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def require_virtuoso() -> tuple[str, str]:
    """The paths of ``virtuoso-t`` and ``isql-vt``; skip (or fail under CI) without them."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server and isql:
        return server, isql
    reason = (
        "Virtuoso is not installed (virtuoso-t/isql-vt not on PATH): "
        "apt-get install virtuoso-opensource-7"
    )
    if os.environ.get(REQUIRE, "").strip() in {"1", "true", "yes"}:
        pytest.fail(f"{reason}, and {REQUIRE}=1 requires it")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_ini(
    folder: Path,
    http_port: int,
    sql_port: int,
    cap: int = RESULT_CAP,
    buffers: int = 10_000,
    after_image: int = AFTER_IMAGE,
    query_seconds: int = QUERY_SECONDS,
) -> Path:
    """A minimal ``virtuoso.ini``: database, logs and ports inside ``folder``, loopback only;
    ``after_image``: the bytes one transaction may log (a ``MOVE`` onto a graph logs both);
    ``query_seconds``: how long one query or update may run."""
    ini = folder / "virtuoso.ini"
    ini.write_text(
        f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {folder}
NumberOfBuffers = {buffers}
TransactionAfterImageLimit = {after_image}
MaxDirtyBuffers = {buffers * 3 // 4}
CheckpointInterval = 60
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
MaxClientConnections = 10

[URIQA]
DefaultHost = 127.0.0.1:{http_port}

[SPARQL]
ResultSetMaxRows = {cap}
MaxQueryExecutionTime = {query_seconds}
""",
        encoding="utf-8",
    )
    return ini


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_ready(server: Virtuoso) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited at start:\n{server.log_tail()}")
        if _answers(server.sparql):
            return
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"virtuoso-t did not answer in {START_SECONDS:g} s:\n{server.log_tail()}")


def _set_password(isql: str, sql_port: int, password: str) -> None:
    """Replace the factory dba password (sent on isql's standard input, not its arguments)."""
    result = subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", "dba"],
        input=f"USER_SET_PASSWORD ('dba', '{password}');\nexit;\n",
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if result.returncode != 0 or "Error" in result.stdout + result.stderr:
        raise RuntimeError(f"isql-vt could not set the dba password:\n{result.stderr}")


def start(
    folder: Path,
    cap: int = RESULT_CAP,
    buffers: int = 10_000,
    after_image: int = AFTER_IMAGE,
    query_seconds: int = QUERY_SECONDS,
) -> Virtuoso:
    """Start a fresh server in ``folder`` and wait until its SPARQL endpoint answers; ``cap``
    rows at most per answer, ``buffers`` pages of 8 kB of memory, ``after_image`` bytes of
    log per transaction, ``query_seconds`` per query or update."""
    server_exe, isql = require_virtuoso()
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = write_ini(folder, http_port, sql_port, cap, buffers, after_image, query_seconds)
    process = subprocess.Popen(
        [server_exe, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Virtuoso(folder, http_port, sql_port, f"kg-{secrets.token_hex(8)}", process)
    _wait_until_ready(server)
    try:
        _set_password(isql, sql_port, server.password)
    except Exception:
        server.stop()
        raise
    return server


@contextmanager
def running_virtuoso(folder: Path, **settings: int) -> Iterator[Virtuoso]:
    """A fresh server for the duration of a ``with`` block, stopped afterwards (``settings``:
    see :func:`start`)."""
    server = start(folder, **settings)
    try:
        yield server
    finally:
        server.stop()
