"""How to fix each finding, with an example an editor can copy: the editors' guide lists it
under every code of the catalogue (`findings.CATALOGUE`), and a test fails when a code has
none.

Each entry says in general what the hint at the code's call site says in the particular case
(the same fix, in the same words where it can), so the guide and the terminal agree. Both
parts are the developers' own Markdown: code spans are kept as code on the page."""

from __future__ import annotations

FIXES: dict[str, tuple[str, str]] = {
    "D101": ("Save the file, or the source's text, as UTF-8.",
             "`iconv -f windows-1252 -t utf-8 article.txt > "
             "facts/sources/tass-csto-anti-terror-measures.txt`"),
    "D102": ("Check indentation, colons and quotes around the line reported; remove a "
             "control character pasted from a PDF.",
             "put a value holding a colon in quotes: `note: \"update: 144 killed\"`, not "
             "`note: update: 144 killed`"),
    "D103": ("Indent with spaces only.",
             "`  cite:` with two spaces before it, never a tab"),
    "D104": ("Keep one of the two keys: YAML would silently drop the first.",
             "one `quote:` per citation: delete the second `quote:` line"),
    "D105": ("Write the value out in full, without `&anchor` or `*alias`.",
             "`source: tass-csto-anti-terror-measures` in each citation, not `source: *tass`"),
    "D106": ("Remove the tag; write the value as plain text.",
             "`value: 144`, not `value: !!int 144`"),
    "D107": ("Split the file or shorten its quotes (the message gives the limit); of a long "
             "source text keep the part the dossier quotes, and say so in its label.",
             "`label: TASS on the CSTO's anti-terror measures (the part on the attack)`"),
    "D108": ("Fact files never need deep nesting: write each list "
             "and mapping at the depth its key has on the fact format page.",
             "`cite:` holds `- source:` and `quote:` one level below it, never a list in a "
             "list such as `- - source:`"),
    "D109": ("Start the file with `name:` and the other keys of its kind.",
             "`name:` on the first line, `  value: Crocus City Hall attack` below it; not a "
             "list (`- name:`) or an empty file"),
    "D110": ("Name the file with lowercase ASCII letters, digits and single hyphens (`index` "
             "is reserved).",
             "`facts/places/crocus-city-hall.yaml`, not `facts/places/Crocus City Hall.yaml`"),
    "D111": ("Ids are unique across all kinds: rename one of the two files (and the "
             "references to it), or give `dossier new` another `--id`.",
             "`git mv facts/places/moscow.yaml facts/places/moscow-city.yaml`"),
    "D112": ("Fact files are `facts/<kind>/<id>.yaml`; a source's text is "
             "`facts/sources/<id>.txt` beside its `<id>.yaml`. Move anything else out of "
             "`facts/`; links are never followed.",
             "`git mv facts/people/notes.md notes.md`; `facts/places/almaty.yaml`, not "
             "`facts/places/almaty.yml`"),
    "D113": ("Store the source's verbatim text beside its metadata, as "
             "`facts/sources/<id>.txt`; `dossier pin` takes the id of a source that has both.",
             "`dossier new source --text article.txt --label \"...\"` writes both files"),
    "D114": ("Fix `dossier.toml` as the hint says: the TOML syntax, or a key of the wrong "
             "kind; see the comments in the file.",
             "`hops = 1` under `[graph]`; `guilt_labels = [\"terrorist\", \"killer\"]` under "
             "`[wording]`"),
    "D115": ("Delete the character at the place reported: it is invisible and often comes "
             "with text pasted from a PDF or a word processor; right-to-left text needs no "
             "direction controls. In a double-quoted string, remove the backslash escape "
             "that makes it.",
             "`note: \"four terrorists\"`, not `note: \"four\\u202eterrorists\"`; retype a "
             "pasted line"),
    "D116": ("No fact file needs so many items in one list or mapping (the message gives the "
             "limit): keep the items the sources support best, or split the record.",
             "a figure's `values:` keeps the values the sources support best: tens, not "
             "thousands"),
    "D117": ("Fix the findings listed for the file and check again: the rest are then "
             "listed.",
             "`dossier check`"),
    "D201": ("Remove the key, or correct it as the hint's \u201cdid you mean \u2026?\u201d "
             "says; the hint lists the keys allowed here.",
             "`qualifier: at-least`, not `qualifer: at-least`"),
    "D202": ("Add the key: the fact format page lists each declaration's required keys.",
             "a citation has both `- source: tass-csto-anti-terror-measures` and "
             "`quote: four terrorists attacked`"),
    "D203": ("Write the value in the form its key needs: a figure's number in digits with "
             "the source's words for it in `qualifier:`, a date year first and quoted, one "
             "of the listed choices. See \u201cFigures\u201d and \u201cDates\u201d above.",
             "write `value: 115` and `qualifier: at-least`, not `value: at least 115`; "
             "`as_of: \"2024-03-23\"`, not `as_of: 23 March 2024`"),
    "D301": ("A reference is an id, the name of a fact file without `.yaml`, not the "
             "thing's own name: the hint names the file whose name or alias you wrote. Or "
             "add the file.",
             "`to: gknb`, not `to: state-committee-for-national-security-of-kyrgyzstan` "
             "(its name written as an id)"),
    "D302": ("Point the reference at a thing of the kind the key needs.",
             "`to: crocus-city-hall` (in `facts/places/`) under `place:`, not "
             "`to: vladimir-putin`"),
    "D401": ("Copy the passage from the source text again: the hint shows the closest "
             "passage with `[-your words-]` and `{+the text's words+}`, or names the source "
             "whose text holds the passage verbatim.",
             "`source: tass-csto-anti-terror-measures` when the hint says the passage is "
             "found verbatim in that source"),
    "D402": ("If the change of the text is intended, pin it again: `dossier pin` re-checks "
             "every quote against the new text. Otherwise restore the text.",
             "`dossier pin tass-csto-anti-terror-measures`, or "
             "`git checkout -- facts/sources/tass-csto-anti-terror-measures.txt`"),
    "D403": ("Add `cite:` with the source and the passage that supports the statement. See "
             "\u201cThe citation rules\u201d above.",
             "`cite:`, then `- source: tass-csto-anti-terror-measures` and "
             "`quote: four terrorists attacked` on the lines below, indented"),
    "D404": ("Cite the statements without a verified citation, in the files the hint names; "
             "`dossier check` without `-q` lists each (D403).",
             "`dossier check --min-coverage 90` lowers the bar while you work; CI keeps 100"),
    "D410": ("Make each value say what its quote says, as the support findings (D411 to "
             "D419) show; see \u201cWhat each support finding means\u201d above.",
             "`dossier check --min-support 90` lowers the bar while you work; CI keeps 100"),
    "D411": ("Write the number the quote gives, if the source is right; otherwise cite the "
             "passage that gives yours, in digits or words.",
             "`value: 144` when the quote says \u201c144 people\u201d, not `value: 145`"),
    "D412": ("Give the value the quote's qualifier; when the quote gives the number alone, "
             "remove `qualifier:`.",
             "`qualifier: more-than` for \u201cmore than 551 concertgoers were injured\u201d"),
    "D413": ("Write the date a quote gives (the hint gives the value to write if the source "
             "is right), or cite the passage that gives yours.",
             "`value: \"2024-03-22\"` when the quote says \u201cMarch 22, 2024\u201d"),
    "D414": ("Write the value as the quote has it, or keep yours and add `quoted_as:` with "
             "the quote's words; a role, detail or label in the source's words; a short form "
             "made of words of the name; a title of your own declared as derived.",
             "`quoted_as: Crocus City Hall terror attack` under `value: Crocus City Hall "
             "attack`"),
    "D415": ("Cite a passage that names both ends, or add the quote's short form of the thing "
             "to `short_forms:` in its file, or declare your own reading.",
             "`short_forms: [Tashiyev]`, or `derived: {kind: reading, reasoning: ...}`"),
    "D416": ("Cite a passage that names the person and says they took that step.",
             "for `status: detained`, a `quote:` that names the person and says "
             "\u201cwere detained\u201d"),
    "D417": ("Write each number and date of a summary, claim or note as a quote gives it, "
             "or cite the passage that gives yours.",
             "`note: the four gunmen`, not `note: seven gunmen`, when the quote says "
             "\u201cthe four gunmen\u201d"),
    "D418": ("Remove `derived:`: a quote states the value as it stands, and the page then "
             "cites the quote alone.",
             "delete the `derived:` line and its `kind:` and `reasoning:` lines"),
    "D419": ("Choose the kind that says how you arrived at the value (`reading` fits most), "
             "cite the passages whose numbers make the sum, or correct the value.",
             "`kind: reading` for a relation or a place (`title` is for names, `sum` for "
             "figures); a `sum` of 10 cites \u201cthe four gunmen\u201d and \u201csix "
             "individuals\u201d"),
    "D601": ("Nothing to fix: the values are shown side by side on the event and conflicts "
             "pages. Set `preferred_because` on one value only, with a reason.",
             "`preferred_because: the latest official count`"),
    "D602": ("Nothing to fix: the claims are listed on the conflicts page.",
             "`differs_from: [is-k-claim-of-responsibility]` on the claim"),
    "D603": ("Describe the person by legal status (suspect, accused, charged with \u2026), "
             "or quote the source in quotation marks.",
             "`role: accused of the attack`, not `role: terrorist`"),
    "D604": ("List the steps of the case in the order they happened, oldest first: move the "
             "step reported to where its date puts it.",
             "`detained` (2024-03-22) before `charged` (2024-03-24)"),
    "D501": ("Move or rename the hand-written file: the generator never overwrites it.",
             "`git mv content/timeline.md content/my-timeline.md`"),
    "D502": ("A generated page links to a missing page or anchor: report it, with the "
             "message, as a fault of the generator.",
             "`make site 2>&1 | tee build.log`, and attach `build.log` to the report"),
    "D503": ("The templates are the dossier's own code: fix the one reported, or restore it.",
             "`git checkout -- templates/`"),
    "D504": ("Text from a fact file that reached the page as markup: write it as plain words "
             "(and report it: the generator should have escaped it). Markup no template "
             "makes: remove it, or describe it in `generator/output/allowed.py`.",
             "`summary: the attack on Crocus City Hall`, not "
             "`summary: <script>...</script>`"),
    "D505": ("Do what the system's reason asks (write access, disk space, a quota, a "
             "read-only disk), then build again: `content/` and `site/` are as they were.",
             "`chmod u+w content`, or `df -h content` to see the free space"),
    "D506": ("Replace a linked folder with a real one; copy what a link under `content/` "
             "leads to into `content/`, or remove the link.",
             "`unlink content/people && mkdir content/people`"),
    "D507": ("Build again: the indexer failed, not the dossier. If it fails again, set up "
             "again (the indexer comes with the pinned packages) and report the message.",
             "`make site`, or `dossier build` after `pip install -r requirements.lock`"),
}
