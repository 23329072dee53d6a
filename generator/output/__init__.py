"""Output: pages written into content/, the site built by MkDocs and audited, all at once
under one lock; the receipt of the last build."""
