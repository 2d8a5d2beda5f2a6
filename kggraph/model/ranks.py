"""How roles and levels rank: which membership names an organisation's seat, which level is
highest.

The role order is read by the analyses (a seat's main membership); the level order by the
picture (the strongest line between two nodes, the report's legend).

>>> role_rank("lead") < role_rank("member") < role_rank("someone-new")
True
"""

from __future__ import annotations

__all__ = ["LEVEL_ORDER", "ROLE_ORDER", "role_rank"]

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


def role_rank(role: str | None) -> int:
    """The rank of a role (0 = lead); roles outside :data:`ROLE_ORDER` rank after them all."""
    return _ROLE_RANK.get(role or "", 9)
