"""The fact dossier generator: facts/ (YAML + source texts) → content/ (Markdown) → site/.

Stages, one module each: load, validate, resolve, check, render, write, site. `build` holds
the commands as library functions; `cli` is the thin command line over them.
"""

import os

# Material prints a banner about MkDocs 2 on import; the dossier pins MkDocs below 2.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
