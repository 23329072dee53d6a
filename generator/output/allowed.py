"""What the project puts on its pages on purpose that the audit of the built site would
otherwise refuse: the one place where exceptions to the audit live.

The audit (`audit.py`) refuses every `<script>` and `<form>`, and every attribute that steers
the theme's scripts or a search indexer (`data-md-*`, `data-search-*`, `data-pagefind-*`),
unless an entry below describes it. Each entry is as narrow as the thing it allows: the
element, all of its attributes (each value matched whole), what its text must be, whether it
sits in the theme's frame around a page or in the page's own content (where text from fact
files goes), and whether it may occur more than once on a page.

A feature that adds such markup (a vendored script, a search engine's attributes) adds an
entry here and nothing else: the audit itself has no exceptions. `tests/test_audit.py`
checks that the real dossier's site needs every entry, and passes only because of them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..utils.weburls import read_url

CONTENT_CLASS = "md-content__inner"
"""The class of the `<article>` in which mkdocs-material puts a page's own content: what the
generated Markdown became, and so the only part of a page where fact text can go."""


def no_text(text: str) -> bool:
    return not text.strip()


def json_value(text: str) -> bool:
    """Data, valid JSON as a whole: fact text that broke out of it would leave it invalid."""
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


_THEME_BASE = re.compile(r'new URL\("[^"\\\n]*",location\)')


def script_digest(text: str) -> str:
    return hashlib.sha256(_THEME_BASE.sub("new URL(BASE,location)", text).encode()).hexdigest()


def theme_script(digest: str) -> Callable[[str], bool]:
    """An inline script of the theme, known by the sha256 of its text with the path to the
    site's root (which differs from page to page) taken out: `script_digest`."""
    def matches(text: str) -> bool:
        return script_digest(text) == digest
    return matches


def theme_settings(text: str) -> bool:
    """mkdocs-material's settings for its scripts: JSON whose paths stay on this site (its
    search worker is loaded from `search`)."""
    try:
        settings = json.loads(text)
    except ValueError:
        return False
    return isinstance(settings, dict) and all(
        isinstance(settings.get(key), str) and read_url(settings[key]).is_on_this_site
        for key in ("base", "search"))


@dataclass(frozen=True)
class Element:
    """A `<script>` or `<form>` that a page may hold."""

    why: str
    tag: str
    attributes: Mapping[str, str | re.Pattern[str]]  # all of them: name → the value, or a
    text: Callable[[str], bool] = no_text            # pattern the whole value matches
    in_content: bool = False  # True: inside the page's own content; False: the theme's frame
    once: bool = True  # at most once on a page

    def allows(self, tag: str, attributes: Mapping[str, str | None], text: str,
               in_content: bool) -> bool:
        return (tag == self.tag and in_content == self.in_content
                and attributes.keys() == self.attributes.keys()
                and all(_matches(expected, attributes[name] or "")
                        for name, expected in self.attributes.items())
                and self.text(text))


def _matches(expected: str | re.Pattern[str], value: str) -> bool:
    return expected == value if isinstance(expected, str) else bool(expected.fullmatch(value))


@dataclass(frozen=True)
class Attributes:
    """Attributes that steer the theme's scripts or a search indexer and that a page may
    hold: by the start of their name when `name` ends with "-", else by the whole name, and
    then only with a value the pattern matches whole (any value without one)."""

    why: str
    name: str
    in_content: bool = False
    value: re.Pattern[str] | None = None

    def allows(self, name: str, value: str, in_content: bool) -> bool:
        named = name.startswith(self.name) if self.name.endswith("-") else name == self.name
        return (named and in_content == self.in_content
                and (self.value is None or self.value.fullmatch(value) is not None))


ROOT_PATH = r"(?:\./)?(?:\.\./)*|/(?:[A-Za-z0-9._~-]+/)*"  # from a page to the site's root

ELEMENTS: tuple[Element, ...] = (
    Element("the JSON-LD of an entity page (templates/entity.md.j2, export/json_ld.py)",
            "script", {"type": "application/ld+json"}, json_value, in_content=True),
    Element("mkdocs-material's settings for its scripts", "script",
            {"id": "__config", "type": "application/json"}, theme_settings),
    Element("mkdocs-material's script bundle", "script",
            {"src": re.compile(
                rf"(?:{ROOT_PATH})assets/javascripts/bundle\.[0-9a-f]{{8}}\.min\.js")}),
    Element("mkdocs-material's inline script that scopes its storage to the site", "script", {},
            theme_script("89614d6b864bbe7884f6ad1ab21aa2216e6686af528a97cd15075dda2fe14374")),
    Element("Zensical's inline script that scopes its storage to the site", "script", {},
            theme_script("7dc4db85fdbdb896fee9dceef9efd837d5b973f4409360bae98e017a5326d230")),
    Element("mkdocs-material's inline script that restores the colour palette", "script", {},
            theme_script("0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e")),
    Element("mkdocs-material's inline script that opens the tab a link points at", "script", {},
            theme_script("ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f")),
    Element("the theme's light and dark palette toggle in the header (mkdocs.yml's "
            "theme.palette): radio buttons, no action, nothing sent", "form",
            {"class": "md-header__option", "data-md-component": "palette"}),
    Element("the dossier's search box, which shows Pagefind's results (content/assets/search.js, "
            "mkdocs.yml's extra_javascript)", "script",
            {"src": re.compile(rf"(?:{ROOT_PATH})assets/search\.js")}),
    Element("the dossier's footnote notes opened in place on a phone (content/assets/"
            "footnotes.js, mkdocs.yml's extra_javascript)", "script",
            {"src": re.compile(rf"(?:{ROOT_PATH})assets/footnotes\.js")}),
)
"""Every `<script>` and `<form>` a page may hold."""

@dataclass(frozen=True)
class Anchor:
    """An element the theme puts first in a page's content, with an id of the kind its
    scripts use (`__…`), which the audit otherwise refuses there: fact text never comes
    before the page's title, so it cannot stand first."""

    why: str
    tag: str
    attributes: Mapping[str, str]


ANCHORS: tuple[Anchor, ...] = (
    Anchor("Zensical's target of its skip-to-content link", "a",
           {"id": "__skip", "tabindex": "-1"}),
)
"""Every element with a theme's id that a page's content may start with."""

ATTRIBUTES: tuple[Attributes, ...] = (
    Attributes("mkdocs-material's components and toggles", "data-md-"),
    Attributes("the kind of page, shown with a search result, and an entity's names, which "
               "put the page a query names first (templates/entity.md.j2, sources.md.j2)",
               "data-pagefind-meta", in_content=True, value=re.compile("kind|names")),
    Attributes("what search filters by: the kind of page, a person's legal status",
               "data-pagefind-filter", in_content=True, value=re.compile("kind|status")),
    Attributes("names, aliases and search terms weighed above body text by search",
               "data-pagefind-weight", in_content=True, value=re.compile("10")),
)
"""Every attribute that steers the theme's scripts or a search indexer that a page may hold."""

SEARCH_FOLDER = "pagefind"
SEARCH_FILES = re.compile(
    r"pagefind(?:-entry\.json|\.js|\.[a-z0-9_-]+\.pf_meta|-(?:worker|highlight)\.js"
    r"|-(?:ui|modular-ui|component-ui)\.(?:js|css))"
    r"|wasm\.[a-z0-9_-]+\.pagefind"
    r"|(?:index|fragment|filter)/[a-z0-9_-]+\.pf_(?:index|fragment|filter)")
"""The files Pagefind writes into the site's `pagefind/` folder (`search.py`), by their path
there: its scripts, styles and WebAssembly, and the chunks of the index. The audit refuses
any other file in that folder (a page put there by hand would be served as search's own)."""
