"""How roles and levels rank: which seat names an organisation's place, which level is highest.

One order each, read by the analyses (a seat's main membership, its highest level) and by the
picture (the strongest line between two nodes), so the report, ``kggraph overlap --matrix`` and
the graph agree on what "highest" means.

>>> role_rank("lead") < role_rank("member") < role_rank("someone-new")
True
>>> level_rank("secretary-general") < level_rank("division-head") < level_rank("unknown")
True
"""

from __future__ import annotations

__all__ = ["LEVEL_ORDER", "ROLE_ORDER", "level_rank", "role_rank"]

#: Roles in a structure, strongest first; a role not listed ranks after them all.
ROLE_ORDER: tuple[str, ...] = ("lead", "chair", "responsible", "member", "observer")

#: Levels of representation, highest first; ``disputed`` (the sources give different levels) and
#: ``unknown`` rank after every level a source gives, an unlisted level last.
LEVEL_ORDER: tuple[str, ...] = (
    "secretary-general",
    "director-general",
    "deputy-director-general",
    "coordinator",
    "agency-director",
    "division-head",
    "case-officer",
    "disputed",
    "unknown",
)

_ROLE_RANK = {role: k for k, role in enumerate(ROLE_ORDER)}
_LEVEL_RANK = {level: k for k, level in enumerate(LEVEL_ORDER)}


def role_rank(role: str | None) -> int:
    """The rank of a role (0 = lead); roles outside :data:`ROLE_ORDER` rank after them all."""
    return _ROLE_RANK.get(role or "", 9)


def level_rank(level: str | None) -> int:
    """The rank of a level (0 = secretary-general); levels not listed rank after them all."""
    return _LEVEL_RANK.get(level or "", len(LEVEL_ORDER))
