"""Petition signatures: the SQLite store, CSV import, de-duplication, Merkle commitments, export, the petition PDF."""
