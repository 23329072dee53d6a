/* Footnotes on a phone: a tap on a footnote number opens its note in place, in a panel at the
 * foot of the screen (as Wikipedia's reference previews do), instead of jumping to the notes
 * at the end of the page and losing the reader's place.
 *
 * Only where the screen is narrow or cannot hover (touch): there the theme's tooltip, made
 * for a mouse, is hidden (footnotes.css). Elsewhere the tooltip shows the note on hover and the
 * number jumps to it; without JavaScript the number jumps to it everywhere.
 *
 * The panel is a dialog placed right after the number (and the numbers beside it) in the
 * document, so that Tab goes on from there into the note's links; it takes the focus when it opens (the page does not
 * scroll). Escape or its close button closes it and gives the focus back to the number; a tap
 * elsewhere or the focus leaving it closes it too. Its note is a copy of the one the generator
 * wrote (the quote and the link to the passage in its source), copied node by node: nothing
 * is parsed from text. Written for the notes of generator/render/draft.py (`finish`), which
 * both site engines keep as written.
 */
(() => {
  "use strict";

  const IN_PLACE = window.matchMedia("(max-width: 59.984375em), (hover: none)");
  let shown = null;  // { panel, number }: the open panel and the number it belongs to

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  function close(focusBack) {
    if (!shown) return;
    const { panel, number } = shown;
    shown = null;
    panel.remove();
    number.removeAttribute("aria-expanded");
    if (focusBack) number.focus({ preventScroll: true });
  }

  function panelFor(number, note) {
    const label = `Note ${number.textContent.trim()}`;
    const closer = element("button", { type: "button", class: "dossier-note__close",
                                       "aria-label": `Close ${label.toLowerCase()}` }, "\u00d7");
    closer.addEventListener("click", () => close(true));
    const body = element("div", { class: "dossier-note__body" });
    for (const child of note.children) body.append(child.cloneNode(true));
    for (const node of body.querySelectorAll(".footnote-backref, [id]")) {
      if (node.classList.contains("footnote-backref")) node.remove();
      else node.removeAttribute("id");
    }
    const all = element("a", { class: "dossier-note__all", href: number.getAttribute("href") },
                        "All notes of this page");
    all.addEventListener("click", () => close(false));
    const panel = element("div", { class: "dossier-note", role: "dialog", "aria-label": label,
                                   tabindex: "-1" },
                          element("p", { class: "dossier-note__head" },
                                  element("span", {}, label), closer),
                          body, element("p", { class: "dossier-note__foot" }, all));
    panel.addEventListener("focusout", (event) => {
      if (event.relatedTarget && !panel.contains(event.relatedTarget)
          && event.relatedTarget !== number) close(false);
    });
    return panel;
  }

  // The last of the numbers written side by side with this one ("1, 2, 3"): the panel goes
  // after them all, which keeps them a run (and their commas, dossier.css).
  function afterRun(reference) {
    let last = reference;
    while (last.nextSibling instanceof Element && last.nextSibling.tagName === reference.tagName
           && last.nextSibling.querySelector("a.footnote-ref")) last = last.nextSibling;
    return last;
  }

  function open(number) {
    const note = document.getElementById(decodeURIComponent(number.hash.slice(1)));
    if (!note) return false;  // no note to show: the link does what it always does
    close(false);
    const panel = panelFor(number, note);
    afterRun(number.closest("sup") || number).after(panel);
    number.setAttribute("aria-expanded", "true");
    shown = { panel, number };
    panel.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const number = target && target.closest("a.footnote-ref");
    if (shown && !shown.panel.contains(target) && number !== shown.number) close(false);
    if (!number || !IN_PLACE.matches || event.defaultPrevented || event.button !== 0
        || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (number === (shown && shown.number)) {
      event.preventDefault();
      close(true);  // a second tap on the same number closes its note
    } else if (open(number)) {
      event.preventDefault();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && shown
        && (shown.panel.contains(document.activeElement) || document.activeElement === shown.number)) {
      event.preventDefault();
      close(true);
    }
  });

  IN_PLACE.addEventListener("change", () => close(false));
})();

/* Where a footnote's link lands: its passage on the source page (`#q-START-END`), centred and
 * marked. Without JavaScript the passage's first piece is marked by CSS (`:target`) and the
 * anchor scrolls it to 40% of the screen (dossier.css); here the pieces of the same passage
 * after a break (`data-q`: an overlapping passage, a new paragraph) are marked too, and the
 * whole passage is put in the middle of the screen, or at its top when it is taller than most
 * of the screen. Written for the source pages of generator/render/source_text.py.
 */
(() => {
  "use strict";

  const MARKED = "dossier-q--target";

  function passage() {
    // a passage's anchor is plain ASCII: an address whose fragment does not decode (a
    // mistyped "#%E0") or is anything else marks nothing, and raises no error
    const anchor = location.hash.slice(1);
    if (!/^q-[0-9]+-[0-9]+$/.test(anchor)) return [];
    const first = document.getElementById(anchor);
    if (!first) return [];
    const later = [...document.querySelectorAll(".dossier-q[data-q]")]
      .filter((piece) => piece.dataset.q === anchor);
    return [first, ...later];
  }

  function land() {
    for (const old of document.querySelectorAll(`.${MARKED}`)) old.classList.remove(MARKED);
    const pieces = passage();
    if (!pieces.length) return;
    for (const piece of pieces.slice(1)) piece.classList.add(MARKED);
    const boxes = pieces.map((piece) => piece.getBoundingClientRect());
    const top = Math.min(...boxes.map((box) => box.top));
    const height = Math.max(...boxes.map((box) => box.bottom)) - top;
    const room = window.innerHeight;
    const above = height < room * 0.7 ? (room - height) / 2 : room * 0.15;
    window.scrollTo({ top: window.scrollY + top - above, behavior: "instant" });
  }

  window.addEventListener("hashchange", land);
  if (document.readyState === "complete") land();
  else window.addEventListener("load", () => requestAnimationFrame(land));
})();
