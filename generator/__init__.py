"""The fact dossier generator: facts/ (YAML + source texts) → content/ (Markdown) → site/.

`build.build` runs the stages top to bottom: scan, load, validate (`read/`); resolve, verify,
rules (`check/`); render (`render/`, with the data files of `export/`); write, site, audit
(`output/`). `cache` is what a long-lived process keeps between builds, `preview/` is the
live preview, `cli/` the thin command line; `format/` declares the fact format and `utils/`
holds helpers that know nothing about dossiers. ARCHITECTURE.md has the whole picture.
"""

import os

# Material prints a banner about MkDocs 2 on import; the dossier pins MkDocs below 2.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
