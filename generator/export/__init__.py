"""Open data: the dossier as data files, one module per format."""
