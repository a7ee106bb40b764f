"""Actions on a dossier: one transaction each, optimistic version check first, then the state machine
(`apply`), then the action's own changes (`handlers`, one function per action)."""

from motcua.dossiers.services.transitions.apply import (
    apply_action,
    check_version,
    locked_dossier,
    parse_action,
    perform_action,
    steps_of,
)

__all__ = ["apply_action", "check_version", "locked_dossier", "parse_action", "perform_action", "steps_of"]
