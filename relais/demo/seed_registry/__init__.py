"""Demo organisations, accounts, programmes, structures, places and occupancy figures (idempotent)."""
