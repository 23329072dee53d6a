"""The `dossier` command line: a thin layer over `generator.build`."""
