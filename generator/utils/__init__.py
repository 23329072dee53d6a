"""Helpers that know nothing about dossiers: characters untrusted text may hold, strict YAML,
folded-text search for quotes, URLs and CSS as a browser reads them, escaping, the file system."""
