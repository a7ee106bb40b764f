"""Counters kept as dossiers move, and what is read from them (never a COUNT(*) over all dossiers on a page)."""
