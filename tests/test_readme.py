"""The README documents every command and carries the current table layout."""

from __future__ import annotations

from pathlib import Path

import click

from kggraph.cli.main import cli
from kggraph.sources.tables.layout_help import layout_markdown

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    missing = [n for n in cli.list_commands(click.Context(cli)) if f"kggraph {n}" not in README]
    assert not missing, f"README does not show: {missing}"


def test_table_layout_is_current() -> None:
    assert layout_markdown().strip() in README, "paste layout_markdown() into the README again"


def test_readme_opens_with_the_two_commands() -> None:
    blocks = README.split("```sh\n")
    assert "pip install . && kggraph viz" in blocks[1]
    assert "pip install -e '.[test]' && pytest" in blocks[2]
