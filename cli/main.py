"""The ``kggraph`` command group: turns user mistakes into one line on stderr and exit 2."""

from __future__ import annotations

import sys
from typing import Any

import click

from kggraph import __version__
from kggraph.errors import KgError

__all__ = ["cli"]


class KgGroup(click.Group):
    """A group whose commands report :class:`KgError` as one line (traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as err:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {err}", err=True)
            sys.exit(2)


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


def _register() -> None:
    from kggraph.cli.check import check, overlap
    from kggraph.cli.export_cmd import export
    from kggraph.cli.publish import publish
    from kggraph.cli.query import info, members, sparql, structures, who
    from kggraph.cli.validate_cmd import validate

    for command in (
        who,
        members,
        structures,
        info,
        sparql,
        validate,
        export,
        check,
        overlap,
        publish,
    ):
        cli.add_command(command)


_register()
