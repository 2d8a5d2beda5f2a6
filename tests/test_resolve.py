"""The one resolver: folding, ambiguity, closest candidates."""

from __future__ import annotations

import pytest

from kggraph.errors import AmbiguousNameError, UnknownNameError
from kggraph.model.names import Resolver, normalise


def test_normalise_folds_case_accents_and_hyphens() -> None:
    assert normalise("Digitaliserings- og forvaltningsdepartementet") == normalise(
        "digitaliserings og Forvaltningsdepartementet"
    )
    assert normalise("DFØ") == "dfo"
    assert (
        normalise("Barne-, ungdoms –og familiedirektoratet")
        == "barne ungdoms og familiedirektoratet"
    )


def test_ambiguous_name() -> None:
    r = Resolver({"a": ["Rådet"], "b": ["rådet"]})
    with pytest.raises(AmbiguousNameError, match="ambiguous"):
        r.resolve("RÅDET")


def test_unknown_name_suggests() -> None:
    r = Resolver({"x": ["Helsedirektoratet"], "y": ["Utdanningsdirektoratet"]})
    with pytest.raises(UnknownNameError, match="did you mean 'Helsedirektoratet'"):
        r.resolve("Helsedirektorat")


def test_iri_resolves_to_itself() -> None:
    assert (
        Resolver({"https://w3id.org/kggraph/id/KD": ["KD"]}).resolve(
            "https://w3id.org/kggraph/id/KD"
        )
        == "https://w3id.org/kggraph/id/KD"
    )
