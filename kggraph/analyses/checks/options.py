"""Every threshold the checks use, with its default and the reason for it.

The defaults are set so that the checks agree with DFØ's report on the five core groups (002):
see the ``help`` of each field, which the CLI shows and the README repeats.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from kggraph.errors import KgError

__all__ = ["DEFAULTS", "CheckOptions"]


@dataclass(frozen=True)
class CheckOptions:
    """Thresholds of the checks. ``CheckOptions()`` holds the documented defaults.

    >>> CheckOptions().few_core_groups
    5
    >>> CheckOptions(duplicate_warning=0.9, duplicate_error=0.5)
    Traceback (most recent call last):
    ...
    kggraph.errors.KgError: duplicate_warning (0.9) must not be above duplicate_error (0.5)
    """

    duplicate_warning: float = field(
        default=0.12,
        metadata={
            "help": "2.4: duplication score from which a pair is a duplication risk (warning): "
            "they share weighty participants and some of their subject. KUBU and the "
            "youth-exclusion mission score 0.13, the report's one named risk; the next pair, "
            "VA and Kunnskap i kriser (crisis preparedness), scores 0.06."
        },
    )
    duplicate_error: float = field(
        default=0.4,
        metadata={
            "help": "2.4: duplication score from which a pair is a duplicate (error): most of "
            "their weighty participants and most of their subject are the same (e.g. 0.8 × 0.5)."
        },
    )
    duplicate_scope: str = field(
        default="core",
        metadata={
            "flag": "--scope",
            "choices": ("core", "all"),
            "help": "2.4: which pairs are compared: 'core' (each core group with every other "
            "active structure) or 'all' (every pair of active structures, of any type).",
        },
    )
    duplicate_top: int = field(
        default=0,
        metadata={
            "flag": "--top",
            "help": "2.4: report only the N strongest pairs (0: every pair from the warning "
            "threshold up).",
        },
    )
    duplicate_min_shared: int = field(
        default=2,
        metadata={
            "help": "2.4: organisations two structures must share before they are scored "
            "(one shared ministry is ordinary)."
        },
    )
    duplicate_full_days: int = field(
        default=365,
        metadata={
            "help": "2.4: days side by side that count in full; a shorter common period scales "
            "the score down (a hand-over is not duplication)."
        },
    )
    theme_hierarchy: bool = field(
        default=True,
        metadata={
            "help": "2.4: a broader and a narrower theme (skos:broader) count as shared; "
            "siblings never do."
        },
    )
    mandate_months: int = field(
        default=12,
        metadata={
            "help": "4.1: months after the start by which a mandate is expected («i en tidlig "
            "fase»). KUBU's mandate came about six months after its start, which the report "
            "does not fault."
        },
    )
    few_core_groups: int = field(
        default=5,
        metadata={
            "help": "4.6: the most core groups active at once that still count as «få». The "
            "report evaluates five without calling them too many; a sixth is flagged."
        },
    )
    secretariat_min_ministries: int = field(
        default=2,
        metadata={
            "help": "DFØ 5.2: ministries a secretariat must be drawn from to count as broad."
        },
    )

    def __post_init__(self) -> None:
        if not 0 < self.duplicate_warning <= 1 or not 0 < self.duplicate_error <= 1:
            raise KgError("duplicate_warning and duplicate_error must be in (0, 1]")
        if self.duplicate_warning > self.duplicate_error:
            raise KgError(
                f"duplicate_warning ({self.duplicate_warning}) must not be above "
                f"duplicate_error ({self.duplicate_error})"
            )
        if self.duplicate_scope not in ("core", "all"):
            raise KgError(f"duplicate_scope must be 'core' or 'all', not {self.duplicate_scope!r}")
        if self.duplicate_top < 0:
            raise KgError(f"duplicate_top must not be negative, not {self.duplicate_top}")
        for name in (
            "duplicate_min_shared",
            "duplicate_full_days",
            "mandate_months",
            "few_core_groups",
            "secretariat_min_ministries",
        ):
            if getattr(self, name) < 1:
                raise KgError(f"{name} must be at least 1, not {getattr(self, name)}")

    @classmethod
    def documented(cls) -> list[dict]:
        """Each option: name, default and help (for the CLI and the README)."""
        return [
            {"name": f.name, "default": f.default, "help": f.metadata.get("help", "")}
            for f in fields(cls)
        ]


DEFAULTS = CheckOptions()
"""The documented defaults (a frozen value, safe as a default argument)."""
