"""The README's examples are real: each ``$ kggraph …`` line in a console block, run on the
bundled data, prints what the README shows.

A line of the README holding only ``…`` stands for lines left out. Examples that need a file the
README makes by hand, a running store, a pipe or a clock (timings), and the site (which runs
until stopped) are not run here; the commands themselves are tested elsewhere.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kggraph.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
NEEDS_SETUP = (
    "broken.ttl",
    "proposal.toml",
    "memberships.csv",
    "synth.ttl",
    "eg.ttl",
    "bad-date.ttl",
    "backwards.ttl",
    "remote.jsonld",
    "> /dev/full",  # a redirection, not an argument
)
A_STORE = ("--endpoint", "KGGRAPH_ENDPOINT")  # a block showing the shared store
RUNS_UNTIL_STOPPED = ("kggraph serve",)  # tested as a server in tests/test_serve.py


def _examples() -> list[tuple[list[str], str]]:
    """(argument lists of one console block, in order), expected outputs."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        if any(s in block for s in A_STORE):
            continue
        for command, expected in re.findall(r"^\$ (.*?)\n(.*?)(?=^\$ |\Z)", block, re.S | re.M):
            if command.startswith(RUNS_UNTIL_STOPPED):
                continue
            if command.startswith("kggraph ") and not any(s in command for s in NEEDS_SETUP):
                out.append((shlex.split(command, comments=True)[1:], expected.rstrip("\n")))
    return out


def _pattern(expected: str) -> re.Pattern:
    lines = [
        r"(?:[^\n]*\n)*?" if line.strip() == "…" else re.escape(line) + r"\n"
        for line in expected.split("\n")
    ]
    return re.compile("".join(lines) + r"\Z")


EXAMPLES = _examples()


def test_the_readme_has_examples_to_run() -> None:
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize(("args", "expected"), EXAMPLES, ids=[" ".join(a) for a, _ in EXAMPLES])
def test_example_prints_what_the_readme_shows(
    args: list[str], expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    if args[0] == "import":  # it reads what the export example before it wrote
        assert CliRunner().invoke(cli, ["export", "--format", "xlsx", "-o", args[1]]).exit_code == 0
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "100"}, prog_name="kggraph")
    output = result.output if result.output.endswith("\n") else result.output + "\n"
    assert _pattern(expected).fullmatch(output), output
