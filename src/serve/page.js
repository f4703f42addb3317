// corpus serve's page: search as you type, facets, a year histogram, and an article view
// with what the cleaner removed. Every text from the index goes into the page as text
// (append, textContent), never as HTML. The URL holds the whole state, so it can be shared,
// bookmarked, and walked with the back button.
"use strict";

(() => {
  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 150;
  const TOKEN_KEY = "corpus-token";
  const FACETS = [
    ["site", "Site"],
    ["lang", "Language"],
    ["year", "Year"],
  ];

  const $ = (id) => document.getElementById(id);

  /** An element with attributes (functions become listeners) and children (strings become text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (typeof value === "function") node.addEventListener(name, value);
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  /** Segments [[text, isMatch], ...] as text with the matches in <mark>. */
  function marked(segments, plain) {
    const out = document.createDocumentFragment();
    if (!Array.isArray(segments)) {
      out.append(plain || "");
      return out;
    }
    for (const [text, isMatch] of segments) out.append(isMatch ? el("mark", {}, text) : text);
    return out;
  }

  // ------------------------------------------------------------------ the URL is the state

  function readState() {
    const p = new URLSearchParams(location.search);
    const page = parseInt(p.get("page") || "1", 10);
    return {
      q: p.get("q") || "",
      site: p.get("site") || "",
      lang: p.get("lang") || "",
      year: /^\d{4}$/.test(p.get("year") || "") ? p.get("year") : "",
      sort: p.get("sort") === "date" ? "date" : "score",
      page: Number.isFinite(page) && page > 1 ? page : 1,
      id: p.get("id") || "",
      view: p.get("view") === "original" ? "original" : "clean",
    };
  }

  function urlOf(s) {
    const p = new URLSearchParams();
    if (s.q) p.set("q", s.q);
    for (const name of ["site", "lang", "year"]) if (s[name]) p.set(name, s[name]);
    if (s.sort === "date") p.set("sort", "date");
    if (s.page > 1) p.set("page", String(s.page));
    if (s.id) p.set("id", s.id);
    if (s.id && s.view === "original") p.set("view", "original");
    const text = p.toString();
    return text ? "/?" + text : "/";
  }

  /** Moves to state `s`: a new history entry when `push`, else the current one rewritten.
   * An article opened from the results is marked so, and then Esc and "Results" go back. */
  function go(s, push, fromTyping) {
    const url = urlOf(s);
    if (url !== location.pathname + location.search) {
      if (push) history.pushState({ fromResults: Boolean(s.id) && !readState().id }, "", url);
      else history.replaceState(history.state, "", url);
    }
    render(fromTyping);
  }

  // ------------------------------------------------------------------ talking to the API

  class TokenNeeded extends Error {}

  let controller = null;

  async function api(path) {
    if (controller) controller.abort();
    controller = new AbortController();
    const headers = {};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    const response = await fetch(path, { headers, signal: controller.signal });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    const code = body && body.code;
    if (code === "missing_authorization_header" || code === "invalid_api_key") {
      askToken(code === "invalid_api_key");
      throw new TokenNeeded();
    }
    if (!response.ok) throw new Error((body && body.message) || "the server answered " + response.status);
    return body;
  }

  function askToken(wrong) {
    if (wrong) sessionStorage.removeItem(TOKEN_KEY);
    $("token-box").hidden = false;
    setStatus(wrong ? "That token is not this server's." : "", Boolean(wrong));
    $("token").focus();
  }

  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  function failed(err) {
    if (err instanceof TokenNeeded || (err && err.name === "AbortError")) return;
    setStatus(String((err && err.message) || err), true);
  }

  // ------------------------------------------------------------------ the results

  let state = readState();
  let hits = [];
  let selected = -1;
  let lastOpened = "";
  let sequence = 0;
  let stats = null;

  function searchPath(s) {
    const p = new URLSearchParams();
    p.set("q", s.q);
    p.set("limit", String(PAGE_SIZE));
    p.set("offset", String((s.page - 1) * PAGE_SIZE));
    p.set("facets", "site,lang,year");
    if (s.sort === "date") p.set("sort", "date");
    if (s.site) p.set("site", s.site);
    if (s.lang) p.set("lang", s.lang);
    if (s.year) {
      p.set("since", s.year + "-01-01");
      p.set("until", s.year + "-12-31");
    }
    return "/api/search?" + p.toString();
  }

  async function showSearch(s) {
    $("article-view").hidden = true;
    $("search-view").hidden = false;
    $("sort").value = s.sort;
    showFilters(s);
    const mine = ++sequence;
    if (!s.q.trim()) {
      hits = [];
      selected = -1;
      $("results").replaceChildren();
      $("facets").replaceChildren();
      $("histogram").replaceChildren();
      $("pager").replaceChildren();
      setStatus("");
      await showWelcome();
      return;
    }
    $("welcome").replaceChildren();
    setStatus("Searching…");
    let reply;
    try {
      reply = await api(searchPath(s));
    } catch (err) {
      if (mine === sequence) failed(err);
      return;
    }
    if (mine !== sequence) return;
    hits = reply.hits;
    const total = reply.estimatedTotalHits;
    let line = total === 1 ? "1 article" : total + " articles";
    line += " · " + reply.processingTimeMs.toFixed(1) + " ms";
    if (reply.fallback) line += " · no article has every word: these have any";
    if (reply.warnings.length) line += " · " + reply.warnings.join("; ");
    setStatus(line);
    showHits(s);
    showFacets(s, reply.facetDistribution || {});
    showHistogram(s, (reply.facetDistribution || {}).year || {});
    showPager(s, total);
    selected = hits.findIndex((h) => h.id === lastOpened);
    paintSelection(false);
  }

  function showHits(s) {
    const items = hits.map((hit, i) => {
      const meta = [hit.site, hit.date, hit.id].filter(Boolean).join(" · ");
      const snippets = hit.fragments.map((f) => el("p", { class: "snippet" }, marked(f.segments, f.text)));
      const link = el(
        "a",
        { class: "title", href: urlOf({ ...s, id: hit.id, view: "clean" }) },
        marked(hit.title_segments, hit.title || hit.id),
      );
      link.addEventListener("click", (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        open(i);
      });
      const item = el("li", { class: "hit", "data-id": hit.id }, link, el("div", { class: "meta" }, meta), ...snippets);
      item.addEventListener("click", (event) => {
        if (event.target.closest("a")) return;
        open(i);
      });
      return item;
    });
    $("results").replaceChildren(...items);
  }

  function showFilters(s) {
    const chips = [];
    for (const [name, label] of FACETS) {
      if (!s[name]) continue;
      chips.push(
        el(
          "button",
          { class: "chip", type: "button", "data-filter": name, title: "Remove this filter", click: () => toggle(name, s[name]) },
          label + ": " + s[name] + " ×",
        ),
      );
    }
    $("filters").replaceChildren(...chips);
  }

  /** Sets a filter, or clears it when it is the one set. */
  function toggle(name, value) {
    const s = readState();
    s[name] = s[name] === value ? "" : value;
    s.page = 1;
    go(s, true);
  }

  function showFacets(s, distribution) {
    const blocks = [];
    for (const [name, label] of FACETS) {
      const counts = Object.entries(distribution[name] || {});
      if (name === "year") counts.sort((a, b) => b[0].localeCompare(a[0]));
      else counts.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      if (!counts.length) continue;
      const items = counts.slice(0, 12).map(([value, count]) => {
        // Undated articles cannot be picked out by a date range.
        const usable = !(name === "year" && !/^\d{4}$/.test(value));
        const button = el(
          "button",
          {
            type: "button",
            class: s[name] === value ? "active" : "",
            "data-facet": name,
            "data-value": value,
            disabled: !usable,
            "aria-pressed": s[name] === value ? "true" : "false",
          },
          el("span", { class: "value" }, value),
          el("span", { class: "count" }, String(count)),
        );
        if (usable) button.addEventListener("click", () => toggle(name, value));
        return el("li", {}, button);
      });
      blocks.push(el("section", { "data-facet": name }, el("h2", {}, label), el("ul", {}, ...items)));
    }
    $("facets").replaceChildren(...blocks);
  }

  function showHistogram(s, years) {
    const counts = Object.entries(years).filter(([year]) => /^\d{4}$/.test(year));
    counts.sort((a, b) => a[0].localeCompare(b[0]));
    if (!counts.length) {
      $("histogram").replaceChildren();
      return;
    }
    const most = Math.max(...counts.map(([, n]) => n));
    const bars = counts.map(([year, n]) => {
      const bar = el("button", {
        type: "button",
        "data-year": year,
        class: s.year === year ? "active" : "",
        title: year + ": " + n + (n === 1 ? " article" : " articles"),
        "aria-label": year + ": " + n,
        click: () => toggle("year", year),
      });
      bar.style.height = Math.max(4, Math.round((100 * n) / most)) + "%";
      return bar;
    });
    const first = counts[0][0];
    const last = counts[counts.length - 1][0];
    $("histogram").replaceChildren(
      el("div", { class: "bars" }, ...bars),
      el("div", { class: "years" }, el("span", {}, first), counts.length > 1 ? el("span", {}, last) : null),
    );
  }

  function showPager(s, total) {
    const pages = Math.ceil(total / PAGE_SIZE);
    if (pages <= 1) {
      $("pager").replaceChildren();
      return;
    }
    const to = (page) => () => go({ ...s, page }, true);
    $("pager").replaceChildren(
      el("button", { type: "button", id: "prev", disabled: s.page <= 1, click: to(s.page - 1) }, "← Previous"),
      el("span", {}, "Page " + s.page + " of " + pages),
      el("button", { type: "button", id: "next", disabled: s.page >= pages, click: to(s.page + 1) }, "Next →"),
    );
  }

  async function showWelcome() {
    const welcome = $("welcome");
    if (!stats) {
      try {
        stats = await api("/api/stats");
      } catch (err) {
        failed(err);
        return;
      }
    }
    const counts = (pairs) => pairs.map(([name, n]) => name + " " + n).join(", ") || "none";
    const dates = stats.first_date ? stats.first_date + " to " + stats.last_date : "none";
    welcome.replaceChildren(
      el("p", {}, "Type to search " + stats.articles + (stats.articles === 1 ? " article." : " articles.")),
      el("p", {}, "Languages: " + counts(stats.languages)),
      el("p", {}, "Sites: " + counts(stats.sites.slice(0, 10))),
      el("p", {}, "Dates: " + dates),
    );
  }

  function paintSelection(scroll) {
    const items = $("results").children;
    for (let i = 0; i < items.length; i++) items[i].classList.toggle("selected", i === selected);
    if (scroll && items[selected]) items[selected].scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    if (!hits.length) return;
    selected = Math.min(hits.length - 1, Math.max(0, selected + step));
    paintSelection(true);
  }

  function open(i) {
    const hit = hits[i];
    if (!hit) return;
    lastOpened = hit.id;
    go({ ...readState(), id: hit.id, view: "clean" }, true);
  }

  // ------------------------------------------------------------------ the article

  let openedFromResults = false;

  async function showArticle(s) {
    const view = $("article-view");
    const mine = ++sequence;
    let article;
    try {
      const query = s.q ? "?q=" + encodeURIComponent(s.q) : "";
      article = await api("/api/articles/" + encodeURIComponent(s.id) + query);
    } catch (err) {
      if (mine === sequence) {
        failed(err);
        $("search-view").hidden = true;
        view.hidden = false;
        view.replaceChildren(backButton());
      }
      return;
    }
    if (mine !== sequence) return;
    lastOpened = article.id;
    setStatus("");
    const meta = [article.site, article.author, article.date, article.lang, article.id].filter(Boolean).join(" · ");
    const original = s.view === "original";
    const removedLines = article.removed.length;
    const fragmentLines = article.fragments.length;
    const toggleButton = el(
      "button",
      { type: "button", id: "toggle-original", class: "chip", "aria-pressed": original ? "true" : "false" },
      original ? "Show the cleaned text" : "Show the original, with what was removed",
    );
    toggleButton.addEventListener("click", () => go({ ...readState(), view: original ? "clean" : "original" }, false));
    const legend = el(
      "span",
      { class: "legend" },
      removedLines + (removedLines === 1 ? " block" : " blocks") + " removed as boilerplate, " +
        fragmentLines + (fragmentLines === 1 ? " stray-language fragment" : " stray-language fragments"),
    );
    const parts = [
      backButton(),
      el("h1", {}, marked(article.title_segments, article.title)),
      article.subtitle ? el("p", { class: "subtitle" }, article.subtitle) : null,
      el("div", { class: "article-meta" }, meta),
      el("div", { class: "article-tools" }, toggleButton, legend),
      original ? originalText(article) : el("div", { class: "text", id: "clean-text" }, marked(article.body_segments, article.body)),
    ];
    view.replaceChildren(...parts.filter(Boolean));
    $("search-view").hidden = true;
    view.hidden = false;
    window.scrollTo(0, 0);
  }

  function backButton() {
    return el("button", { type: "button", id: "back", class: "chip", click: back }, "← Results");
  }

  /** The original lines, each removed one struck through with its reason, each fragment with its language. */
  function originalText(article) {
    const verdicts = new Map();
    for (const r of article.removed) {
      for (let n = r.line; n <= (r.line_end || r.line); n++) verdicts.set(n, ["removed", r.reason]);
    }
    for (const f of article.fragments) {
      for (let n = f.line; n <= (f.line_end || f.line); n++) verdicts.set(n, ["fragment", f.lang]);
    }
    const lines = article.raw.split(/\r\n|\n|\r/);
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    const rows = lines.map((text, i) => {
      const verdict = verdicts.get(i + 1);
      const label = verdict ? el("span", { class: "label", title: verdict[0] === "removed" ? "removed: " + verdict[1] : "language: " + verdict[1] }, verdict[1]) : null;
      return el(
        "div",
        { class: verdict ? "line " + verdict[0] : "line", "data-line": i + 1 },
        el("span", { class: "n" }, String(i + 1)),
        el("span", {}, label, el("span", { class: "body" }, text)),
      );
    });
    return el("div", { class: "raw", id: "original-text" }, ...rows);
  }

  function back() {
    if (openedFromResults) history.back();
    else go({ ...readState(), id: "", view: "clean" }, true);
  }

  // ------------------------------------------------------------------ wiring

  /** Shows the state the URL holds; the box keeps what is being typed into it. */
  function render(fromTyping) {
    state = readState();
    if (fromTyping !== true && $("q").value !== state.q) $("q").value = state.q;
    document.title = state.q ? state.q + " · corpus" : "corpus";
    openedFromResults = Boolean(state.id) && Boolean(history.state && history.state.fromResults);
    if (state.id) showArticle(state);
    else showSearch(state);
  }

  let timer = 0;
  function typed() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const s = readState();
      const q = $("q").value;
      if (q === s.q && !s.id) return;
      go({ ...s, q, page: 1, id: "" }, Boolean(s.id), true);
    }, DEBOUNCE_MS);
  }

  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
  }

  document.addEventListener("keydown", (event) => {
    if (!$("token-box").hidden || event.ctrlKey || event.metaKey || event.altKey) return;
    const inArticle = !$("article-view").hidden;
    const inBox = event.target === $("q");
    if (event.key === "/" && !typing(event.target)) {
      event.preventDefault();
      if (inArticle) back();
      $("q").focus();
      $("q").select();
    } else if (event.key === "Escape") {
      if (inArticle) back();
      else if (inBox) $("q").blur();
    } else if (inArticle) {
      return;
    } else if (event.key === "ArrowDown" || (event.key === "j" && !typing(event.target))) {
      event.preventDefault();
      move(1);
    } else if (event.key === "ArrowUp" || (event.key === "k" && !typing(event.target))) {
      event.preventDefault();
      move(-1);
    } else if (event.key === "Enter" && (inBox || !typing(event.target)) && hits.length) {
      event.preventDefault();
      open(selected >= 0 ? selected : 0);
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    $("q").addEventListener("input", typed);
    $("search-form").addEventListener("submit", (event) => event.preventDefault());
    $("sort").addEventListener("change", () => go({ ...readState(), sort: $("sort").value, page: 1 }, true));
    $("home").addEventListener("click", (event) => {
      event.preventDefault();
      go({ ...readState(), q: "", site: "", lang: "", year: "", page: 1, id: "" }, true);
    });
    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
      $("token").value = "";
      $("token-box").hidden = true;
      stats = null;
      render();
    });
    window.addEventListener("popstate", () => render());
    render();
    if (!state.id) $("q").focus();
  });

})();
