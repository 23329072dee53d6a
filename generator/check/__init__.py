"""Checking the dossier: resolve every reference, verify every quote against its source text,
then the rules over the whole dossier (coverage, wording, conflicts)."""
