"""Rendering: the checked dossier through the templates into Markdown pages."""
