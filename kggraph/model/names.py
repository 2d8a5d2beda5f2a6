"""The one resolver for names: abbreviation, any label or variant, or an IRI.

Matching ignores case, accents, hyphens and extra spaces, so "Digitaliserings og
forvaltningsdepartementet", "digitaliserings- og forvaltningsdepartementet" and "DFD" all name
the same ministry. An unknown or ambiguous name is an error listing the closest candidates.

>>> r = Resolver({"x:KD": ["KD", "Kunnskapsdepartementet"]})
>>> r.resolve("kunnskapsdepartementet")
'x:KD'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping

from kggraph.errors import AmbiguousNameError, UnknownNameError
from kggraph.model.namespaces import PREFIXES

__all__ = [
    "Resolver",
    "compact_iri",
    "entity_names",
    "entity_resolver",
    "expand_prefixed",
    "fold_letters",
    "normalise",
]

_FOLD = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "Ø": "O", "Æ": "Ae", "Å": "A"})
_DASHES = re.compile(r"[\s\-‐‑‒–—_/.,;:'’\"«»()]+")


def expand_prefixed(name: str) -> str:
    """``kgd:KD`` as the IRI it stands for; any other text as it is.

    >>> expand_prefixed("kgd:KD")
    'https://w3id.org/kggraph/id/KD'
    """
    prefix, sep, local = name.strip().partition(":")
    if sep and local and not local.startswith("//") and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return name


def compact_iri(iri: str) -> str:
    """An IRI with the project's prefix where one fits (``kgd:KD``), else as it is."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def normalise(name: str) -> str:
    """Fold a name for matching: lower case, no accents, no punctuation, single spaces.

    >>> normalise("  Digitaliserings- og  Forvaltningsdepartementet ")
    'digitaliserings og forvaltningsdepartementet'
    >>> normalise("DFØ")
    'dfo'
    """
    return " ".join(_DASHES.sub(" ", fold_letters(name).casefold()).split())


def fold_letters(text: str) -> str:
    """The text without accents, and with æ, ø, å spelled out; case is kept.

    >>> fold_letters("Konfliktrådet, Øst-Finnmark, Gáivuotna")
    'Konfliktradet, Ost-Finnmark, Gaivuotna'
    """
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


class Resolver:
    """Resolves names to IRIs. ``names`` maps each IRI to all the names it answers to."""

    def __init__(
        self,
        names: Mapping[str, Iterable[str]],
        kind: str = "name",
        labels: Mapping[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self._labels = labels or {}
        self._index: dict[str, set[str]] = defaultdict(set)
        self._display: dict[str, str] = {}
        # in a fixed order, so that a key several names share shows the same one every time
        for iri, aliases in sorted(names.items()):
            self._index[iri].add(iri)
            for alias in aliases:
                key = normalise(alias)
                if key:
                    self._index[key].add(iri)
                    self._display.setdefault(key, alias)

    def candidates(self, name: str) -> set[str]:
        """Every IRI the name matches exactly (after folding); empty when none.

        A prefixed id (``kgd:KD``) stands for its IRI, as in the tables and SPARQL.
        """
        return (
            set(self._index.get(name, ()))
            or set(self._index.get(expand_prefixed(name), ()))
            or set(self._index.get(normalise(name), ()))
        )

    def describe(self, iri: str) -> str:
        """An IRI for a person: its label and its prefixed id."""
        label = self._labels.get(iri)
        short = compact_iri(iri)
        return f"{label} [{short}]" if label else short

    def resolve(self, name: str) -> str:
        """The one IRI ``name`` stands for, or an :class:`UnknownNameError` / ambiguity error."""
        found = self.candidates(name)
        if len(found) == 1:
            return next(iter(found))
        if found:
            named = "; ".join(sorted(self.describe(i) for i in found))
            raise AmbiguousNameError(
                f"'{name}' is ambiguous: it may mean {named}; use the id in brackets"
            )
        close = self.closest(name)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownNameError(f"unknown {self.kind} '{name}'{hint}")

    def starting_with(self, prefix: str) -> set[str]:
        """Every IRI with a name that starts with ``prefix`` (after folding): what a search box
        offers for a name typed in part.

        >>> sorted(Resolver({"kd": ["Kunnskapsdepartementet"], "x": ["Kunnskap i kriser"]})
        ...        .starting_with("Kunnskapsdep"))
        ['kd']
        """
        key = normalise(prefix)
        if not key:
            return set()
        return {iri for k, iris in self._index.items() if k.startswith(key) for iri in iris}

    def closest(self, name: str, n: int = 5) -> list[str]:
        """Up to ``n`` known names closest to ``name`` (for error messages)."""
        keys = [k for k in self._display if "://" not in k]
        key = normalise(name)
        hits = difflib.get_close_matches(key, keys, n=n, cutoff=0.6)
        hits += [k for k in keys if key and key in k and k not in hits]
        return [self._display[k] for k in hits[:n]]


def entity_names(model) -> dict[str, list[str]]:  # noqa: ANN001 - kggraph.model.records.Model
    """Every name each organisation and structure answers to: its short name, labels, variants
    and the last segment of its IRI."""
    return {
        iri: [e.notation, *sorted(e.labels.values()), *sorted(e.alt_labels), iri.rsplit("/", 1)[-1]]
        for iri, e in model.entities.items()
    }


def entity_resolver(model) -> Resolver:  # noqa: ANN001 - kggraph.model.records.Model
    """The resolver over every organisation and structure of a model."""
    labels = {iri: e.label() for iri, e in model.entities.items()}
    return Resolver(entity_names(model), kind="organisation or structure", labels=labels)
