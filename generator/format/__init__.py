"""The fact format: the model of every fact file, the registry of kinds, the catalogue of
findings, the dossier's settings and how dates are written."""
