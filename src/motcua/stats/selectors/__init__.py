"""Reads of the statistics, for pages, reports and the API: never a COUNT over all dossiers on a page.

figures (a scope's totals, series and rankings from the kept figures), index (Decision 766), behind (the
dossiers behind a figure, for the links of every number), officers, procedures (the most used)."""

from motcua.stats.selectors.procedures import CACHE_SECONDS, UsedProcedure, first_month, most_used_procedures

__all__ = ["CACHE_SECONDS", "UsedProcedure", "first_month", "most_used_procedures"]
