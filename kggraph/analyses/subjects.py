"""What structures are about, read from their own words: TF-IDF vectors of names, descriptions,
mandates and themes, compared pair by pair without ever forming all pairs.

A structure's *document* is the words of every name it has (``skos:prefLabel`` in each
language, ``skos:altLabel``, the notation), of its descriptions and mandate
(``dcterms:description``, see :attr:`~kggraph.model.records.Entity.descriptions`), of the
labels of its themes, and one token per theme it names (``kg:theme``). Comments
(``rdfs:comment``) are notes on the record, not what the structure is about, and are left out.
A description that more than :data:`TEMPLATE_USERS` structures use word for word is a template
(one mission text for thirty advisory groups) and is left out too. Words are case-folded,
accents stripped the same way for every language (``é`` → ``e``, ``ø`` → ``o``, ``æ`` →
``ae``), and only runs of two or more letters count (numbers are identifiers, not subjects).
The words that name the *kind* of structure rather than its subject (:data:`FORM_WORDS`:
group, committee, forum, advisory, working, expert; gruppe, utvalg, nettverk; groupe, comité,
consultatif) are left out: thirty "advisory groups" on thirty products are not alike for being
advisory groups. Beyond them there is no stop list: a word found in many structures weighs
little by itself.

The weight of term ``t`` in a document is ``(1 + ln tf) · idf(t)`` with
``idf(t) = ln((1 + N) / (1 + df(t)))`` (:func:`idf`), where ``N`` is the number of structures
compared and ``df(t)`` how many of them use ``t``: a word or theme found in every structure
weighs nothing, one found in a single structure weighs most. Rows are scaled to length 1, so
the similarity of two structures is the cosine of their vectors, in [0, 1] whatever the data
set.

Themes also meet across the theme hierarchy: a broader and a narrower theme (``skos:broader``,
transitively) count as shared, weighed by both their weights; siblings do not meet. So the
similarity is ``x_a · x_b + x_a · H · x_b`` where ``H`` links each theme to its broader and
narrower ones (zero elsewhere), clipped at 1.

>>> v = vectorise(["vann og avløp", "vann og klima", "klima og energi"])
>>> v.similarity([0, 0], [1, 2]).round(2).tolist()
[0.27, 0.0]
>>> words("Énergie & Miljø 2024")
['energie', 'miljo']
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from kggraph.model.records import Model

from .overlap import ancestors

__all__ = ["FORM_WORDS", "SubjectVectors", "idf", "subject_vectors", "vectorise", "words"]

TEMPLATE_USERS = 2  # a prose text used word for word by more structures than this is a template
THEME = "theme:"  # the prefix of a theme's token; no word has a colon
FORM_WORDS = frozenset(
    " ".join(
        (
            # English
            "group groups subgroup subgroups sub committee committees forum network council",
            "panel board platform taskforce task force expert experts working advisory steering",
            "high level",
            # French (accents folded as words() folds them)
            "groupe groupes sous comite comites reseau conseil plateforme consultatif",
            "consultative travail pilotage haut niveau",
            # Norwegian
            "gruppe gruppa grupper kjernegruppe kjernegrupper arbeidsgruppe styringsgruppe",
            "referansegruppe ekspertgruppe prosjektgruppe faggruppe utvalg utvalget nettverk",
            "nettverket rad radet komite forumet sekretariat sekretariatet secretariat",
        )
    ).split()
)
"""Words that say what kind of structure it is, not what it is about (after :func:`words`)."""
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l"})


def words(text: str) -> list[str]:
    """The words of ``text``: case-folded, accents stripped, runs of two or more letters."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _LETTERS.findall(plain)


def idf(df: np.ndarray, n: int) -> np.ndarray:
    """``ln((1 + n) / (1 + df))``: 0 for a term in all ``n`` documents, most for one in one.

    >>> idf(np.array([1, 9, 10]), 10).round(2).tolist()
    [1.7, 0.1, 0.0]
    """
    return np.log((1.0 + n) / (1.0 + np.asarray(df, dtype=float)))


def _prose(model: Model, iri: str) -> tuple[str, ...]:
    return model.entities[iri].descriptions


def _templates(model: Model, rows: Sequence[str]) -> set[str]:
    """The descriptions that more than TEMPLATE_USERS structures use
    word for word: a template says nothing about what sets one structure apart. Two that share
    a text keep it (a copied mandate is a sign of duplication)."""
    uses = Counter(text for iri in rows for text in set(_prose(model, iri)))
    return {text for text, n in uses.items() if n > TEMPLATE_USERS}


def structure_tokens(model: Model, iri: str, templates: set[str] = frozenset()) -> list[str]:
    """The document of a structure: the words of its names, prose (but ``templates``) and
    theme labels, and its themes."""
    e = model.entities[iri]
    texts = [e.notation, *e.labels.values(), *e.alt_labels]
    texts += [text for text in _prose(model, iri) if text not in templates]
    texts += [label for t in e.themes for label in _theme_labels(model, t)]
    out = [w for text in texts for w in words(text) if w not in FORM_WORDS]
    return out + [THEME + t for t in e.themes]


def _theme_labels(model: Model, theme: str) -> list[str]:
    c = model.concepts.get(theme)
    return [*c.labels.values(), *c.alt_labels] if c else []


@dataclass(frozen=True)
class SubjectVectors:
    """One row per structure: its TF-IDF vector (length 1, or 0 if it has no words)."""

    terms: list[str]
    matrix: sparse.csr_matrix
    related: sparse.csr_matrix  # term × term: 1 between a broader and a narrower theme
    counts: sparse.csr_matrix  # the term weights before idf: 1 + ln tf

    def weights_among(self, rows: Sequence[int]) -> np.ndarray:
        """Each term's idf among ``rows`` only (a family of structures, such as those one body
        convenes): what all of them say weighs nothing there."""
        present = self.counts[np.asarray(rows)]
        df = np.bincount(present.indices, minlength=len(self.terms))
        return idf(df, len(rows))

    def similarity(self, left: Sequence[int], right: Sequence[int]) -> np.ndarray:
        """The subject similarity of each row pair (``left[k]``, ``right[k]``), in [0, 1]."""
        return self._meet(self.matrix[np.asarray(left)], self.matrix[np.asarray(right)])

    def similarity_weighed(
        self, left: Sequence[int], right: Sequence[int], weight: np.ndarray
    ) -> np.ndarray:
        """:meth:`similarity` of each row pair with each term weighed ``weight`` (see
        :meth:`weights_among`) instead of its idf across all structures."""
        scale = sparse.diags(weight)
        a = normalize(self.counts[np.asarray(left)] @ scale)
        return self._meet(a, normalize(self.counts[np.asarray(right)] @ scale))

    def _meet(self, a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
        """Row by row: the cosine of unit rows ``a`` and ``b``, broader ~ narrower themes
        included, clipped to [0, 1]."""
        same = np.asarray(a.multiply(b).sum(axis=1)).ravel()
        across = np.asarray((a @ self.related).multiply(b).sum(axis=1)).ravel()
        return np.clip(same + across, 0.0, 1.0)

    def row(self, i: int) -> dict[int, float]:
        """Row ``i`` as term → weight."""
        m = self.matrix
        lo, hi = m.indptr[i], m.indptr[i + 1]
        return dict(zip(m.indices[lo:hi].tolist(), m.data[lo:hi].tolist(), strict=True))

    def meeting(self, i: int, j: int) -> list[tuple[str, str, float]]:
        """The terms that make rows ``i`` and ``j`` alike, most weight first: (term of ``i``,
        term of ``j``, its share of the similarity); a broader/narrower theme pair is two
        different terms."""
        wa, wb = self.row(i), self.row(j)
        out = [(self.terms[t], self.terms[t], wa[t] * wb[t]) for t in wa.keys() & wb.keys()]
        rel = self.related
        for t, x in wa.items():
            for u in rel.indices[rel.indptr[t] : rel.indptr[t + 1]].tolist():
                if u in wb:
                    out.append((self.terms[t], self.terms[u], x * wb[u]))
        return sorted(out, key=lambda m: (-m[2], m[0], m[1]))


def vectorise(
    documents: Iterable[str | list[str]], related: dict[str, set[str]] | None = None
) -> SubjectVectors:
    """TF-IDF vectors of ``documents`` (texts, or lists of tokens already made); ``related``
    names, for a theme token, the theme tokens it meets across the hierarchy."""
    counter = CountVectorizer(
        analyzer=lambda doc: words(doc) if isinstance(doc, str) else doc, dtype=np.float64
    )
    counts = counter.fit_transform(documents).tocsr()
    terms = counter.get_feature_names_out().tolist()
    df = np.bincount(counts.indices, minlength=len(terms))
    counts.data = 1.0 + np.log(counts.data)
    weighted = normalize(counts @ sparse.diags(idf(df, counts.shape[0]))).tocsr()
    weighted.eliminate_zeros()
    return SubjectVectors(terms, weighted, _relation(terms, related or {}), counts)


def _relation(terms: list[str], related: dict[str, set[str]]) -> sparse.csr_matrix:
    index = {t: k for k, t in enumerate(terms)}
    pairs = [
        (index[t], index[u]) for t, us in related.items() if t in index for u in us if u in index
    ]
    rows, cols = [p[0] for p in pairs], [p[1] for p in pairs]
    shape = (len(terms), len(terms))
    return sparse.csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=shape)


def _theme_relation(model: Model, themes: set[str]) -> dict[str, set[str]]:
    """Each theme token with the tokens of the themes broader and narrower than it."""
    out: dict[str, set[str]] = {}
    for t in themes:
        for a in ancestors(model, t) & themes:
            out.setdefault(THEME + t, set()).add(THEME + a)
            out.setdefault(THEME + a, set()).add(THEME + t)
    return out


def subject_vectors(model: Model, rows: Sequence[str], hierarchy: bool = True) -> SubjectVectors:
    """The subject vectors of the structures ``rows``, weighed across those rows."""
    themes = {t for iri in rows for t in model.entities[iri].themes}
    related = _theme_relation(model, themes) if hierarchy else {}
    templates = _templates(model, rows)
    return vectorise((structure_tokens(model, iri, templates) for iri in rows), related)
