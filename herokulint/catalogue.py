"""The rule catalogue: every rule module under `herokulint.rules`, imported so that each
registers its rules. Apart from `herokulint.rule` (what a rule is), so the rules can import
that module without a cycle."""

from __future__ import annotations

import importlib
import pkgutil

from . import rule
from .rule import Rule

_imported = False


def load_rules() -> dict[str, type[Rule]]:
    """Import every module in herokulint.rules (each registers its rules) and return them.
    Imported here, not above: a warm run loads the configuration without the rules (LibCST)."""
    global _imported
    if not _imported:  # once a run: listing and importing 90 modules again costs ~4 ms
        from . import rules

        for info in pkgutil.iter_modules(rules.__path__):
            importlib.import_module(f"{rules.__name__}.{info.name}")
        _imported = True
    return dict(sorted(rule.REGISTRY.items()))  # read at call time: tests swap it
