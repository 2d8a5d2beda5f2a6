"""Malformed Turtle, CSV, XLSX and TOML from a seeded generator never end in a traceback.

Each sample is a valid file (a membership, a memberships table, a workbook, a proposal) with a
few random mutations: hostile values put in (bad dates, escape sequences, formulas, long
strings, stray syntax), spans cut out or repeated, bytes flipped. Each is given to the command
a user would give it to, through the CLI; the answer may be a result, a warning or one error
line, never an uncaught exception. The run is bounded in time (``FUZZ_SECONDS``, default 6 s)
and seeded (``FUZZ_SEED``), so a failure names the seed and sample that reproduce it.
"""

from __future__ import annotations

import io
import os
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_hardening import PREFIXES

from kggraph.cli.main import cli

SECONDS = float(os.environ.get("FUZZ_SECONDS", "6"))
SEED = int(os.environ.get("FUZZ_SEED", "20"))

HOSTILE = [
    "2024-13-45",
    "unknown",
    "10000-01-01",
    "-0001-01-01",
    "\x00",
    "\x1b[2J\x1b]0;x\x07",
    "\u202e",
    '"""',
    "'''",
    "@prefix",
    "_:b0",
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(A1)",
    ";",
    ".",
    "]",
    "[",
    "<",
    ">",
    "\\",
    "\n",
    ",",
    '"',
    "x" * 5000,
    "\ud800",
    "kgd:KD",
    "kgrole:lead",
    "NaN",
    "1e400",
    "[[members]]",
    "= =",
]

TURTLE = (
    PREFIXES
    + """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kgd:m-fuzz a org:Membership ; org:member kgd:KD ; org:organization kgd:Klima ;
  org:role kgrole:member ; kg:level kglevel:unknown ; dcterms:source kgd:src-002-3.2-start ;
  org:memberDuring [ a time:Interval ;
    time:hasBeginning [ a time:Instant ; time:inXSDDate "2024-01-01"^^xsd:date ] ;
    time:hasEnd [ a time:Instant ; kg:notAfter "2025-06-30"^^xsd:date ] ] .
kgd:FUZZ a kg:Ministry ; skos:notation "FUZZ" ; skos:prefLabel "Fuzz"@nb .
"""
)

HEADER = [
    "id",
    "structure",
    "member",
    "role",
    "level",
    "start",
    "end",
    "period note",
    "period source",
    "comment",
    "comment (en)",
    "source",
]
ROW = [
    "m-fuzz",
    "Klima",
    "KD",
    "member",
    "unknown",
    "2021-10 (month) «oktober 2021»",
    "2024-06-14",
    "",
    "",
    "a comment",
    "",
    "src-002-3.2-start",
]

TOML = (Path(__file__).parent / "fixtures" / "proposal-below-sg.toml").read_text(encoding="utf-8")


def mutate(text: str, rng: random.Random) -> str:
    """``text`` with one to four mutations."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        end = min(len(text), at + rng.randint(1, 40))
        kind = rng.randrange(4)
        if kind == 0:
            text = text[:at] + rng.choice(HOSTILE) + text[at:]
        elif kind == 1:
            text = text[:at] + text[end:]
        elif kind == 2:
            text = text[:at] + text[at:end] * rng.randint(2, 3) + text[end:]
        else:
            text = text[:at] + rng.choice(HOSTILE) + text[end:]
    return text


def as_bytes(text: str, rng: random.Random) -> bytes:
    """The text as UTF-8, sometimes with a byte flipped (which may make it invalid UTF-8)."""
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    if data and rng.random() < 0.3:
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def turtle_sample(folder: Path, rng: random.Random) -> list[str]:
    path = folder / "fuzz.ttl"
    path.write_bytes(as_bytes(mutate(TURTLE, rng), rng))
    return [rng.choice(["members", "who"]), rng.choice(["Klima", "KD"]), "--data", str(path)]


def csv_sample(folder: Path, rng: random.Random) -> list[str]:
    cells = [mutate(c, rng) if rng.random() < 0.3 else c for c in ROW]
    text = ",".join(HEADER) + "\n" + ",".join(cells) + "\n"
    path = folder / "memberships.csv"
    path.write_bytes(as_bytes(mutate(text, rng) if rng.random() < 0.5 else text, rng))
    if rng.random() < 0.5:
        return ["import", str(path), "-o", str(folder / "out.ttl")]
    return ["members", "Klima", "--data", str(path)]


def sheet_title(rng: random.Random) -> str:
    """A mutated sheet name that openpyxl can write: the fuzzed reader is ours, not its writer.

    Excel forbids ``\\ / ? * [ ] :`` and more than 31 characters in a sheet name, and
    a lone surrogate cannot be encoded in the file.

    >>> sheet_title(random.Random(1)) != ""
    True
    """
    title = re.sub(r"[\\/?*\[\]:]", "", mutate("sheet", rng))
    title = title.encode("utf-8", "ignore").decode("utf-8")[:31]
    return title or "sheet"


def xlsx_sample(folder: Path, rng: random.Random) -> list[str]:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    sheet = book.active
    sheet.title = rng.choice(["memberships", "medlemskap", "structures", sheet_title(rng)])
    sheet.append(HEADER)
    values: list[object] = [mutate(c, rng) if rng.random() < 0.3 else c for c in ROW]
    for i in rng.sample(range(len(values)), 2):
        values[i] = rng.choice([None, 3.5, -1, "=1+1", "=A1", "10000-01-01", float("nan")])
    try:
        sheet.append(values)
    except IllegalCharacterError:  # openpyxl refuses control characters in a cell, as Excel does
        sheet.append(ROW)
    out = io.BytesIO()
    book.save(out)
    data = bytearray(out.getvalue())
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    path = folder / "fuzz.xlsx"
    path.write_bytes(bytes(data))
    return ["import", str(path), "-o", str(folder / "out.ttl")]


def toml_sample(folder: Path, rng: random.Random) -> list[str]:
    path = folder / "proposal.toml"
    path.write_bytes(as_bytes(mutate(TOML, rng), rng))
    return ["check", "--proposal", str(path)]


GENERATORS: dict[str, Callable[[Path, random.Random], list[str]]] = {
    "turtle": turtle_sample,
    "csv": csv_sample,
    "xlsx": xlsx_sample,
    "toml": toml_sample,
}


@pytest.mark.parametrize("kind", list(GENERATORS))
def test_fuzzed_files_never_end_in_a_traceback(tmp_path: Path, kind: str) -> None:
    rng = random.Random(f"{SEED}-{kind}")
    runner = CliRunner()
    deadline = time.monotonic() + SECONDS / len(GENERATORS)
    samples = 0
    while samples < 3 or time.monotonic() < deadline:
        args = GENERATORS[kind](tmp_path, rng)
        result = runner.invoke(cli, args)
        samples += 1
        unexpected = result.exception is not None and not isinstance(result.exception, SystemExit)
        assert not unexpected, (
            f"FUZZ_SEED={SEED} {kind} sample {samples}: kggraph {' '.join(args)} raised "
            f"{result.exception!r}; input kept in {tmp_path}"
        )
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
