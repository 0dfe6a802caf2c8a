/* Help and contact block (blocks/help-contact.liquid). Live article search (debounced GET {proxy}/articles?q=,
   answers expand in place from {proxy}/articles/:slug) and the contact form sent as JSON to {proxy}/cases.
   Without this script the form still posts to /apps/support/cases and the app redirects back. */
(() => {
  "use strict";

  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids.flat(Infinity)) if (kid != null && kid !== false && kid !== "") el.append(kid);
    return el;
  };

  const init = (root) => {
    if (root.dataset.spReady) return;
    root.dataset.spReady = "1";
    const strings = root.querySelector("[data-sp-strings]");
    // Storefront translations arrive HTML-escaped (Shopify's t filter); a textarea decodes entities, never markup.
    const decoder = document.createElement("textarea");
    const S = JSON.parse((strings && strings.textContent) || "{}", (_key, value) => {
      if (typeof value !== "string") return value;
      decoder.innerHTML = value;
      return decoder.value;
    });
    const H = S.help || {};
    const base = root.dataset.proxy || "/apps/support";
    const statusEl = root.querySelector("[data-sp-status]");
    const answers = root.querySelector("[data-sp-answers]");
    const search = answers && root.querySelector("input[type=search]");
    const form = root.querySelector("[data-sp-contact]");

    const say = (text, tone) => {
      statusEl.textContent = text || "";
      if (tone) statusEl.dataset.tone = tone;
      else delete statusEl.dataset.tone;
    };

    const api = async (path, init) => {
      let res;
      try {
        res = await fetch(base + path, { credentials: "same-origin", ...init, headers: { Accept: "application/json", ...(init && init.headers) } });
      } catch (error) {
        if (error && error.name === "AbortError") throw error;
        throw new Error(S.error_network);
      }
      let data = null;
      try {
        data = await res.json();
      } catch {
        /* not JSON */
      }
      if (!res.ok) {
        const error = new Error((data && data.error && data.error.message) || S.error_generic);
        error.details = data && data.error && data.error.details;
        throw error;
      }
      return data;
    };

    if (search) {
      let timer = 0;
      let inflight = null;
      let lastQuery = null;
      // Articles are plain text with a little Markdown (## headings, - / 1. lists, **bold**), built as DOM
      // nodes: the merchant's text is never parsed as HTML.
      const inline = (text) => text.split(/\*\*(.+?)\*\*/g).map((part, i) => (i % 2 ? h("strong", null, part) : part));
      const plain = (text) => text.replace(/\*\*/g, "").replace(/(^|\s)#{1,6}\s+/g, "$1");
      const paragraphs = (body) => {
        const out = [];
        let list = null;
        for (const raw of body.split("\n")) {
          const line = raw.trim();
          const item = /^(?:[-*]|(\d+)\.)\s+(.*)$/.exec(line);
          if (item) {
            const tag = item[1] ? "ol" : "ul";
            if (!list || list.localName !== tag) out.push((list = h(tag, { class: "sp-items" })));
            list.append(h("li", null, inline(item[2])));
            continue;
          }
          list = null;
          if (!line) continue;
          const heading = /^#{1,6}\s+(.*)$/.exec(line);
          out.push(h("p", null, heading ? h("strong", null, heading[1]) : inline(line)));
        }
        return out;
      };

      const articleItem = (a, i, q) => {
        const bodyId = root.id + "-a" + i;
        const body = h("div", { id: bodyId, class: "sp-article-body", hidden: true });
        const toggle = h("button", { type: "button", class: "sp-link", "aria-expanded": "false", "aria-controls": bodyId }, a.title);
        toggle.addEventListener("click", async () => {
          const open = toggle.getAttribute("aria-expanded") === "true";
          toggle.setAttribute("aria-expanded", String(!open));
          body.hidden = open;
          if (open || body.dataset.loaded) return;
          body.replaceChildren(h("p", { class: "sp-muted" }, S.loading));
          try {
            const data = await api("/articles/" + encodeURIComponent(a.slug) + (q ? "?q=" + encodeURIComponent(q) : ""));
            body.replaceChildren(...paragraphs(data.article.body));
            body.dataset.loaded = "1";
          } catch (error) {
            body.replaceChildren(h("p", null, error.message));
          }
        });
        return h("li", null, h("article", null, h("h4", null, toggle), !a.excerpt ? "" : h("p", { class: "sp-hint" }, plain(a.excerpt)), body));
      };

      const run = async () => {
        const q = search.value.trim();
        if (q === lastQuery) return;
        lastQuery = q;
        if (inflight) inflight.abort();
        inflight = new AbortController();
        try {
          const data = await api("/articles?limit=5&q=" + encodeURIComponent(q), { signal: inflight.signal });
          const list = data.articles || [];
          answers.replaceChildren(
            ...(list.length === 0
              ? [h("p", null, H.no_results)]
              : [h("h3", { class: "sp-vh" }, H.results), h("ul", { class: "sp-list", "aria-label": H.results }, list.map((a, i) => articleItem(a, i, q)))]),
          );
        } catch (error) {
          if (error.name !== "AbortError") answers.replaceChildren(h("p", null, error.message));
        }
      };
      search.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(run, 250);
      });
      run();
    }

    // Only http(s) links from the app's answers become hrefs (never javascript: or data:).
    const safeUrl = (url) => {
      try {
        const u = new URL(String(url), location.href);
        return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
      } catch {
        return null;
      }
    };

    // Signed-in shoppers: their conversations with the store, each a signed link to read and answer it.
    const convos = root.querySelector("[data-sp-conversations]");
    if (convos) {
      api("/conversations").then(
        (data) => {
          const states = H.conversation_status || {};
          const items = ((data && data.conversations) || []).map((c) => {
            const href = safeUrl(c.conversationUrl);
            const when = new Date(c.lastActivityAt);
            const meta = [states[c.status], isNaN(when) ? "" : H.last_update + ": " + when.toLocaleDateString(document.documentElement.lang || undefined)];
            return href && h("li", null, h("a", { href }, "#" + c.number + " " + c.subject), " ", h("span", { class: "sp-muted" }, meta.filter(Boolean).join(" · ")));
          });
          const list = items.filter(Boolean);
          if (!list.length) return;
          convos.querySelector("[data-sp-conversation-list]").replaceChildren(...list);
          convos.hidden = false;
        },
        () => {},
      );
    }

    // Back from the no-JavaScript form post: the app redirects to #<block>-sent with ?contact=sent, which CSS
    // shows via :target. Focus it for screen readers; a stray #…-sent without that answer is cleared.
    const sentNote = document.getElementById(root.id + "-sent");
    if (sentNote && location.hash === "#" + sentNote.id) {
      if (/[?&]contact=sent(&|$)/.test(location.search)) sentNote.focus();
      else history.replaceState(null, "", location.pathname + location.search);
    }

    if (form) {
      const submit = form.querySelector("button[type=submit]");
      const idle = submit.textContent;
      const clearErrors = () => {
        form.querySelectorAll("[aria-invalid]").forEach((el) => {
          el.removeAttribute("aria-invalid");
          el.removeAttribute("aria-describedby");
        });
        form.querySelectorAll("[data-sp-field-error]").forEach((el) => el.remove());
      };
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (submit.getAttribute("aria-disabled")) return;
        clearErrors();
        const body = {};
        for (const [key, value] of new FormData(form)) if (key !== "return_to" && String(value).trim() !== "") body[key] = String(value).trim();
        submit.setAttribute("aria-disabled", "true");
        submit.textContent = H.sending;
        say("");
        try {
          const data = await api("/cases", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
          const done = h("p", { class: "sp-sent", style: "display:block", tabindex: "-1" }, data.message || H.sent);
          const href = safeUrl(data.conversationUrl);
          form.replaceWith(...[done, href && h("p", null, h("a", { href }, H.view_conversation))].filter(Boolean));
          done.focus();
        } catch (error) {
          const fieldErrors = (error.details && error.details.fieldErrors) || {};
          let first = null;
          for (const [name, message] of Object.entries(fieldErrors)) {
            const field = form.elements.namedItem(name);
            if (!field || !field.id) continue;
            const note = h("p", { class: "sp-hint", id: field.id + "-error", "data-sp-field-error": true }, String(message));
            field.setAttribute("aria-invalid", "true");
            field.setAttribute("aria-describedby", note.id);
            field.after(note);
            first = first || field;
          }
          say(error.message, "error");
          if (first) first.focus();
        } finally {
          submit.removeAttribute("aria-disabled");
          submit.textContent = idle;
        }
      });
    }
  };

  // The styles of what the script renders (results, timeline, steppers, answers): linked once, when a block starts.
  const linkStyles = (root) => {
    const href = root.dataset.spCss;
    if (!href || document.querySelector("link[data-sp-css]")) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-sp-css", "");
    document.head.append(link);
  };
  const idle = (fn) => (window.requestIdleCallback ? window.requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 1));
  // Starts the block when it nears the viewport, in idle time (what must be fetched to show anything at all).
  const whenVisible = (root, start) => {
    if (!("IntersectionObserver" in window)) return start();
    const io = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        io.disconnect();
        idle(start);
      },
      { rootMargin: "300px 0px" },
    );
    io.observe(root);
  };

  // Nothing heavy while the page loads: the search and contact form are Liquid markup; the block starts on its first
  // use (focus, press or submit: the capture listener runs init before the form's own submit listener) or as it nears
  // the viewport (the popular answers, a signed-in shopper's conversations). Back from a no-JavaScript post
  // (#…-sent), it starts at once to focus the confirmation.
  const arm = (root) => {
    const start = () => {
      if (root.dataset.spReady) return;
      linkStyles(root);
      init(root);
    };
    for (const type of ["focusin", "pointerdown", "submit"]) root.addEventListener(type, start, { capture: true });
    if (root.dataset.spWanted || location.hash === "#" + root.id + "-sent") start(); // wanted: see snippets/support-loader.liquid
    else whenVisible(root, start);
  };
  const armAll = () => document.querySelectorAll("[data-sp-help]").forEach(arm);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", armAll);
  else armAll();
})();
