"""Options shared by every command, defined once (sqlite-utils' ``output_options`` pattern)."""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kggraph.errors import KgError
from kggraph.model.dates import parse_iso_date, today
from kggraph.render import FORMATS
from kggraph.sources.load import Sources

if TYPE_CHECKING:
    from kggraph.model.records import Model

__all__ = [
    "IsoDate",
    "at_option",
    "data_option",
    "data_options",
    "format_option",
    "lang_option",
    "max_answer_option",
    "no_bundled_option",
    "output_options",
    "timeout_option",
]


class IsoDate(click.ParamType):
    """A click type for ISO 8601 dates (``2024-06-30``)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_iso_date(str(value))
        except KgError as err:
            self.fail(str(err), param, ctx)


def _compose(*decorators: Callable) -> Callable:
    def apply(func: Callable) -> Callable:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


at_option = click.option(
    "--at",
    "at",
    type=IsoDate(),
    default=None,
    metavar="DATE",
    help="The date to answer for, ISO 8601 (default: the snapshot date the data declare, "
    "else today).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["nb", "en"]),
    default="nb",
    show_default=True,
    help="Language of labels and messages.",
)


data_option = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE_OR_DIR",
    help="Extra data: an RDF file, a table (.csv, .xlsx) or a folder of them (repeatable).",
)

no_bundled_option = click.option(
    "--no-bundled",
    is_flag=True,
    help="Leave the bundled data out (the ontology always loads).",
)


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)


def output_options(func: Callable) -> Callable:
    """``--at``, ``--format`` and ``--lang``: every listing command takes them."""
    return _compose(at_option, format_option, lang_option)(func)


class Positive(click.ParamType):
    """A positive finite number (``nan``, ``inf`` and 0 are refused)."""

    name = "NUMBER"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and number > 0):
            self.fail(f"{value!r} is not a positive number", param, ctx)
        return number


timeout_option = click.option(
    "--timeout",
    type=Positive(),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Seconds one request to the endpoint may take, the whole answer read.",
)
max_answer_option = click.option(
    "--max-answer",
    "max_answer_mb",
    type=Positive(),
    default=2048,
    show_default=True,
    metavar="MB",
    help="The largest answer read from the endpoint, in MB.",
)


def data_options(func: Callable) -> Callable:
    """Where the graph comes from: bundled data, ``--data`` files, or a SPARQL endpoint.

    The seven options reach the command as one typed value, ``sources``
    (:class:`~kggraph.sources.load.Sources`), built once here as click calls the command.
    """

    @functools.wraps(func)
    def with_sources(
        *args: object,
        data: tuple[Path, ...],
        no_bundled: bool,
        endpoint: str | None,
        graph_iri: str | None,
        timeout: float,
        max_answer_mb: float,
        keep_going: bool,
        **kwargs: object,
    ) -> object:
        sources = Sources(
            data=tuple(data),
            bundled=not no_bundled,
            endpoint=endpoint or None,
            graph=graph_iri or None,
            timeout=timeout,
            max_answer_mb=max_answer_mb,
            keep_going=keep_going,
        )
        return func(*args, sources=sources, **kwargs)

    return _compose(
        data_option,
        no_bundled_option,
        click.option(
            "--endpoint",
            envvar="KGGRAPH_ENDPOINT",
            default=None,
            metavar="URL",
            help="Read the graph from this SPARQL endpoint instead of the bundled files "
            "[env KGGRAPH_ENDPOINT].",
        ),
        click.option(
            "--graph",
            "graph_iri",
            envvar="KGGRAPH_GRAPH",
            default=None,
            metavar="IRI",
            help="The named graph at the endpoint [env KGGRAPH_GRAPH].",
        ),
        timeout_option,
        max_answer_option,
        click.option(
            "--keep-going",
            is_flag=True,
            help="Leave out data that cannot be read, with a warning for each, instead of "
            "stopping (import: write the rows that are right and list the rejected ones).",
        ),
    )(with_sources)


def resolve_at(at: date | None, model: Model | None = None) -> date:
    """``--at``; else the snapshot date the loaded data declare; else today."""
    return at or (model.snapshot if model is not None else None) or today()


def env_flag(name: str) -> bool:
    """Whether an environment variable is set to a true value."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}
