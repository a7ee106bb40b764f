"""Writes of the statistics: the figures kept as events arrive (keeping), their rebuild from the raw rows
(rebuild), the monthly counters of procedures (procedures) and the centre's targets (targets)."""

from motcua.stats.services.procedures import FIGURES, count_received, month_of, rebuild_procedure_counts

__all__ = ["FIGURES", "count_received", "month_of", "rebuild_procedure_counts"]
