"""The ``kggraph`` command group: turns user mistakes into one line on stderr and exit 2."""

from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import Any

import click

from kggraph import __version__
from kggraph.errors import KgError
from kggraph.render.cells import printable

__all__ = ["cli"]


# Each command's module is imported only when that command runs, so that a quick question
# (`kggraph who KD`) does not pay for the picture's or the checks' imports.
COMMANDS = {
    "who": "kggraph.cli.query:who",
    "members": "kggraph.cli.query:members",
    "structures": "kggraph.cli.query:structures",
    "info": "kggraph.cli.query:info",
    "sparql": "kggraph.cli.query:sparql",
    "check": "kggraph.cli.check:check",
    "overlap": "kggraph.cli.check:overlap",
    "diff": "kggraph.cli.changes:diff",
    "history": "kggraph.cli.changes:history",
    "viz": "kggraph.cli.viz:viz",
    "report": "kggraph.cli.viz:report",
    "validate": "kggraph.cli.validate_cmd:validate",
    "export": "kggraph.cli.export_cmd:export",
    "import": "kggraph.cli.import_cmd:import_",
    "publish": "kggraph.cli.publish:publish",
    "synth": "kggraph.cli.synth:synth",
    "serve": "kggraph.cli.serve:serve",
}


class KgGroup(click.Group):
    """A group that loads commands lazily and reports :class:`KgError` as one line.

    With ``--debug`` the traceback is shown instead.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(1)
        except (KgError, OSError) as err:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            if isinstance(err, OSError):
                _quiet_stdout()
            one_line = printable(_message(err)).replace("\n", "\\n")
            click.echo(f"Error: {one_line}", err=True)
            sys.exit(2)
        return result


def _message(err: Exception) -> str:
    """A user mistake's own words; a failed read or write (a full disk, a closed pipe) as
    what could not be done."""
    if not isinstance(err, OSError):
        return str(err)
    if err.filename:
        return f"{err.filename}: {err.strerror or err}"
    if err.errno in _FULL:
        return f"cannot write the output: {err.strerror}"
    return str(err.strerror or err)


_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO}
"""What a failed write to standard output (a full disk, a file too large) says."""


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that what it still holds is not written again (with
    a second error) when Python exits."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(__version__, prog_name="kggraph")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """kggraph: the Norwegian ministries' core groups (kjernegrupper) as a knowledge graph.

    Ask who takes part where at any date, check structures against the guidelines for core
    groups, and draw a picture to share. Every answer cites the report it comes from.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
