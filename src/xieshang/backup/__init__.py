"""Backup and restore of a whole workbench: the database, the evidence store and the ledger head, as one
consistent archive (`xieshang backup -o FILE`, `xieshang restore FILE`); see service.py."""
