"""The live preview (`dossier serve`): the same stages with a cache, and MkDocs' model of the
site kept in memory."""
