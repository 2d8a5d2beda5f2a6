"""The layout in words: ``kggraph import --help``, the README's layout section (a test keeps the
README's copy in step) and the cell syntax they share."""

from __future__ import annotations

from kggraph.sources.tables.date_cells import DATE_SYNTAX
from kggraph.sources.tables.layout import SHEETS, Sheet

__all__ = ["CELL_SYNTAX", "column_help", "help_text", "layout_markdown"]


def column_help(sheet: Sheet) -> str:
    """One line per column: headers and what the cell holds."""
    lines = []
    for c in sheet.columns:
        req = " (required)" if c.required else ""
        what = c.doc or c.syntax.doc
        lines.append(f"{c.en} / {c.nb}{req}: {what}")
    return "\n".join(lines)


def layout_markdown() -> str:
    """The layout as Markdown: a table per sheet, then the cell syntax (for the README)."""
    out = []
    for sheet in SHEETS:
        out.append(f"#### `{sheet.en}` / `{sheet.nb}`\n\n{sheet.doc}\n")
        out.append("| column | norsk | cell |\n| --- | --- | --- |")
        for c in sheet.columns:
            req = " **(required)**" if c.required else ""
            what = (c.doc or c.syntax.doc).replace("|", "\\|")
            out.append(f"| {c.en} | {c.nb} | {what}{req} |")
        out.append("")
    out.append("#### Cells\n")
    out.extend(f"- **{name}**: {text}" for name, text in CELL_SYNTAX)
    return "\n".join(out) + "\n"


CELL_SYNTAX = (
    ("lists", "several values in one cell are separated by ';' (names, sources, themes)"),
    ("names", "organisations and structures by abbreviation, short name, any name or variant"),
    (
        "languages",
        "text is Norwegian; name (en), comment (en) are English; in a list of names "
        "a name ending in @en is English",
    ),
    (
        "ids",
        "KD stands for kgd:KD; kgd:…, <https://…> and _:x (a blank node) also work; "
        "an empty id is made from the abbreviation/short name",
    ),
    ("sources", "citation ids from the citations sheet (e.g. src-002-3.1-start)"),
    ("dates", DATE_SYNTAX),
    (
        "themes",
        "names from the theme scheme (e.g. klima, psykisk helse); unknown ones are "
        "reported with the closest",
    ),
)


def help_text(width: int = 78) -> str:
    """The layout for ``kggraph import --help``: click keeps blocks after a '\\b' line as they
    are, so the text is wrapped here."""
    import textwrap

    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ")

    lines = [
        "\b",
        "Tables (a CSV file named after the table, or a sheet of a workbook; English",
        "or Norwegian names and headers; * = required):",
    ]
    for sheet in SHEETS:
        cols = ", ".join(c.en + ("*" if c.required else "") for c in sheet.columns)
        lines += wrap(f"{sheet.en} ({sheet.nb}): {cols}", "  ")
    lines += ["", "\b", "Cells:"]
    for name, text in CELL_SYNTAX:
        lines += wrap(f"{name}: {text}", "  ")
    return "\n".join(lines)
