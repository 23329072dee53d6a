/* The dossier's search: a box in the header that opens a dialog of Pagefind's results.
 *
 * `dossier build` indexes the built site with Pagefind (generator/output/search.py) into
 * pagefind/ at the site's root; this script loads Pagefind from there only when a reader
 * opens search, so a page that is only read fetches nothing more. Results show the kind of
 * page and a snippet with the words found; a reader can filter by kind and legal status.
 * Everything comes from this site: no request goes anywhere else.
 *
 * Keyboard: "/" opens search from anywhere on the page, arrows move between the box and the
 * results, Enter follows a result, Escape closes. Written for mkdocs-material's header and
 * Zensical's, which share its classes; without either, the box goes first in the page.
 *
 * Text from the index reaches the page only as text (textContent), never as markup: the
 * snippet's highlights are rebuilt as <mark> elements from Pagefind's markers.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  const root = new URL("../", script ? script.src : location.href);  // this file is assets/search.js
  const PAGE = 10;  // results shown at a time
  const WAIT = 150;  // ms of quiet typing before a search
  const FILTERS = [["kind", "Kind", "All kinds"], ["status", "Legal status", "Any status"]];

  let pagefind = null;
  let asked = 0;  // the latest search asked; older answers are dropped
  let results = [];
  let shown = 0;
  let timer = 0;

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  function icon() {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 " +
      "5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 " +
      "9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5");
    svg.append(path);
    return svg;
  }

  const opener = element("button", {
    type: "button", class: "dossier-search-open", "aria-haspopup": "dialog",
    "aria-keyshortcuts": "/", title: "Search (/)"}, icon(),
    element("span", {class: "dossier-search-open__label"}, "Search"));
  const input = element("input", {
    id: "dossier-search-input", type: "search", autocomplete: "off", spellcheck: "false",
    placeholder: "Names, places, words of a source", "aria-controls": "dossier-search-results",
    "aria-describedby": "dossier-search-count"});
  const selects = FILTERS.map(([name, label, all]) => {
    const select = element("select", {id: `dossier-search-filter-${name}`, "data-filter": name},
      element("option", {value: ""}, all));
    return [name, select, element("label", {for: select.id}, label)];
  });
  const status = element("p", {id: "dossier-search-count", class: "dossier-search__status",
    role: "status", "aria-live": "polite"});
  const list = element("ol", {id: "dossier-search-results", class: "dossier-search__results",
    "aria-label": "Search results"});
  const filtering = element("div", {id: "dossier-search-filters",
    class: "dossier-search__filters", hidden: ""},
    ...selects.map(([, select, label]) => element("span", {}, label, select)));
  const toggle = element("button", {type: "button", class: "dossier-search__toggle",
    "aria-expanded": "false", "aria-controls": filtering.id}, "Filter by kind or legal status");
  const more = element("button", {type: "button", class: "dossier-search__more", hidden: ""},
    `Show ${PAGE} more`);
  const close = element("button", {type: "button", class: "dossier-search__close",
    "aria-label": "Close search"}, "\u00d7");
  const dialog = element("dialog", {class: "dossier-search", "aria-labelledby":
    "dossier-search-title"},
    element("div", {class: "dossier-search__top"},
      element("h2", {id: "dossier-search-title"}, "Search the dossier"), close),
    element("div", {role: "search", class: "dossier-search__form"},
      element("label", {for: input.id, class: "dossier-search__label"}, "Search for"), input,
      toggle, filtering),
    status, list, more);

  async function load() {
    if (!pagefind) {
      const engine = await import(new URL("pagefind/pagefind.js", root).href);
      await engine.options({baseUrl: root.pathname, excerptLength: 24});
      pagefind = engine;
    }
    return pagefind;
  }

  let filtersLoaded = null;
  function loadFilters() {  // only when a reader asks for them: a search does not need them
    filtersLoaded = filtersLoaded || load().then((engine) => engine.filters()).then((known) => {
      for (const [name, select] of selects) {
        for (const value of Object.keys(known[name] || {}).sort()) {
          select.append(element("option", {value}, value));
        }
        select.closest("span").hidden = select.options.length < 2;
      }
    });
    return filtersLoaded;
  }

  function chosen() {
    const filters = {};
    for (const [name, select] of selects) if (select.value) filters[name] = select.value;
    return filters;
  }

  async function search() {
    const query = input.value.trim();
    const filters = chosen();
    const mine = ++asked;
    list.setAttribute("aria-busy", "true");
    if (!query && !Object.keys(filters).length) {
      list.setAttribute("aria-busy", "false");
      results = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    const engine = await load();
    const found = await engine.search(query || null, {filters});
    if (mine !== asked || !found) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    await showMore(mine);
    const count = results.length;
    const what = query ? `for \u201c${query}\u201d` : "";
    status.textContent = count ? `${count} ${count === 1 ? "page" : "pages"} ${what}`
      : `No page ${what}`;
    list.setAttribute("aria-busy", "false");
  }

  async function showMore(mine = asked) {
    const next = results.slice(shown, shown + PAGE);
    const pages = await Promise.all(next.map((result) => result.data()));
    if (mine !== asked) return;
    if (!shown) named(pages, input.value);
    shown += next.length;
    list.append(...pages.map(item));
    more.hidden = shown >= results.length;
  }

  function folded(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\u2010-\u2015\u2212]/g, "-")
      .replace(/\s+/g, " ").trim();
  }

  function named(pages, query) {  // a page that the query names exactly goes first
    const wanted = folded(query);
    const names = (page) => ((page.meta && page.meta.names) || "").split(" \u00b7 ").map(folded);
    const first = pages.findIndex((page) => names(page).includes(wanted));
    if (first > 0) pages.unshift(...pages.splice(first, 1));
  }

  function item(page) {
    const kind = (page.meta && page.meta.kind) || "Page";
    const title = (page.meta && page.meta.title) || page.url;
    const link = element("a", {href: page.url, class: "dossier-search__link"},
      element("span", {class: "dossier-search__kind"}, kind),
      element("span", {class: "dossier-search__title"}, title));
    return element("li", {}, link, snippet(page.excerpt || ""));
  }

  function snippet(excerpt) {
    const paragraph = element("p", {class: "dossier-search__snippet"});
    excerpt.split(/(<mark>|<\/mark>)/).reduce((marked, part) => {
      if (part === "<mark>" || part === "</mark>") return part === "<mark>";
      const text = plain(part);
      if (text) paragraph.append(marked ? element("mark", {}, text) : text);
      return marked;
    }, false);
    return paragraph;
  }

  function plain(html) {  // character references read as characters, tags left as text
    const reader = document.createElement("textarea");
    reader.innerHTML = html;
    return reader.value;
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    load().catch(failed);
  }

  function failed(error) {
    status.textContent = "Search is not available here (the site was built without its index).";
    console.warn("dossier search:", error);
  }

  function links() {
    return [...list.querySelectorAll("a")];
  }

  function move(event) {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < all.length - 1) {
      all[at + 1].focus();
    } else if (event.key === "ArrowUp" && at > 0) {
      all[at - 1].focus();
    } else if (event.key === "ArrowUp" && at === 0) {
      input.focus();
    } else {
      return;
    }
    event.preventDefault();
  }

  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  input.addEventListener("input", () => {
    list.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    timer = setTimeout(() => search().catch(failed), WAIT);
  });
  input.addEventListener("keydown", (event) => {
    const first = links()[0];
    if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    } else if (event.key === "Enter" && first) {
      event.preventDefault();
      first.click();
    } else if (event.key === "Escape") {  // closes at once, rather than clearing the box first
      event.preventDefault();
      dialog.close();
    }
  });
  for (const [, select] of selects) {
    select.addEventListener("change", () => search().catch(failed));
  }
  list.addEventListener("keydown", move);
  more.addEventListener("click", () => showMore().catch(failed));
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    filtering.hidden = !open;
    if (open) loadFilters().then(() => selects[0][1].focus()).catch(failed);
  });
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", () => opener.focus());
  opener.addEventListener("click", open);
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && !dialog.open && !typing(event.target) && !event.ctrlKey &&
        !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });

  const header = document.querySelector(".md-header__inner");
  if (header) {
    header.insertBefore(opener, header.querySelector(".md-header__source"));
  } else {
    document.body.prepend(opener);
  }
  document.body.append(dialog);
})();
