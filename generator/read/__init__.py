"""Reading the dossier: scan facts/ (a stamp per file), load each file as strict YAML, validate
it against the model of its kind."""
