/* Order tracking block (blocks/order-tracking.liquid). No framework; text comes from the block's JSON strings.
   Signed-in: GET {proxy}/orders, then {proxy}/orders/:number. Guest: GET {proxy}/orders/lookup?number=&email=.
   "Email me my receipt": POST {proxy}/orders/:number/receipt ({ email } for a guest; it goes to the order's email). */
(() => {
  "use strict";

  // Only web links become hrefs (a javascript: or data: URL from a carrier field must never run here).
  const webHref = (u) => {
    try {
      const p = new URL(u, location.href).protocol;
      return p === "https:" || p === "http:" ? u : null;
    } catch {
      return null;
    }
  };

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
    const T = S.tracking || {};
    const ST = S.status || {};
    const base = root.dataset.proxy || "/apps/support";
    const lang = document.documentElement.lang || undefined;
    const statusEl = root.querySelector("[data-sp-status]");
    const result = root.querySelector("[data-sp-result]");
    const form = root.querySelector("[data-sp-lookup]");
    const ordersEl = root.querySelector("[data-sp-orders]");
    const flag = (name) => root.dataset[name] !== "false";

    const say = (text, tone) => {
      statusEl.textContent = text || "";
      if (tone) statusEl.dataset.tone = tone;
      else delete statusEl.dataset.tone;
    };

    const api = async (path, body) => {
      let res;
      try {
        res = await fetch(
          base + path,
          body
            ? { method: "POST", headers: { Accept: "application/json", "Content-Type": "application/json" }, credentials: "same-origin", body: JSON.stringify(body) }
            : { headers: { Accept: "application/json" }, credentials: "same-origin" },
        );
      } catch {
        throw new Error(S.error_network);
      }
      let data = null;
      try {
        data = await res.json();
      } catch {
        /* not JSON */
      }
      if (!res.ok) throw new Error((data && data.error && data.error.message) || S.error_generic);
      return data;
    };

    const date = (iso) => (iso ? new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(new Date(iso)) : "");
    const money = (amount, currency) => {
      try {
        return new Intl.NumberFormat(lang, { style: "currency", currency }).format(Number(amount));
      } catch {
        return amount + " " + currency;
      }
    };
    const label = (key) => ST[key] || key;
    const pair = (term, value) => (value ? [h("dt", null, term), h("dd", null, value)] : []);

    const exceptionNote = (ex) =>
      ex && h("span", { class: "sp-exception" }, label(ex.kind), ex.message ? ": " + ex.message : "", ex.at ? " (" + date(ex.at) + ")" : "");

    const timeline = (order) => {
      const tl = order.timeline;
      if (!tl || order.cancelled) return h("p", null, h("span", { class: "sp-badge" }, label("cancelled")), " ", date(order.cancelledAt));
      return h(
        "ol",
        { class: "sp-timeline", "aria-label": T.order + " " + order.name },
        tl.steps.map((step) =>
          h(
            "li",
            { class: "sp-step sp-step--" + step.state, "aria-current": step.state === "current" ? "step" : null },
            h("span", { class: "sp-step-label" }, label(step.key)),
            h("span", { class: "sp-vh" }, ", " + label(step.state)),
            step.at && h("span", { class: "sp-step-at" }, date(step.at)),
            step.state === "current" && exceptionNote(tl.exception),
          ),
        ),
      );
    };

    const shipment = (f, i, order) =>
      h(
        "section",
        { class: "sp-card", "aria-label": T.shipment + " " + (i + 1) },
        h("h4", null, T.shipment + " " + (i + 1) + " ", h("span", { class: "sp-badge" }, label(f.status))),
        h(
          "dl",
          { class: "sp-dl" },
          pair(T.carrier, f.carrier),
          pair(T.tracking_number, (f.trackingNumbers && f.trackingNumbers.length ? f.trackingNumbers : [f.trackingNumber]).filter(Boolean).join(", ")),
          f.deliveredAt ? pair(T.delivered_on, date(f.deliveredAt)) : pair(T.estimated_delivery, date(f.estimatedDeliveryAt || order.estimatedDeliveryAt)),
        ),
        webHref(f.trackingUrl) && h("p", null, h("a", { href: webHref(f.trackingUrl), rel: "noopener", class: "sp-link" }, T.track_link, f.carrier ? " (" + f.carrier + ")" : "")),
        flag("showItems") && f.lineItems && f.lineItems.length > 0 && h("ul", { class: "sp-items" }, f.lineItems.map((l) => h("li", null, l.title + " × " + l.quantity))),
        flag("showEvents") &&
          f.events &&
          f.events.length > 0 &&
          h(
            "ul",
            { class: "sp-items" },
            f.events.slice(0, 3).map((e) => h("li", null, date(e.happenedAt) + " · " + label(e.status), e.message ? " · " + e.message : "", e.location ? " · " + e.location : "")),
          ),
      );

    const orderView = (order) => {
      const active = (order.fulfillments || []).filter((f) => f.status !== "cancelled");
      const showMore = flag("showRefunds");
      return h(
        "article",
        { class: "sp-card", "aria-labelledby": root.id + "-order" },
        h("h3", { id: root.id + "-order", tabindex: "-1" }, T.order + " " + order.name),
        h("p", null, T.placed + " " + date(order.processedAt) + " · ", h("span", { class: "sp-badge" }, label(order.status))),
        timeline(order),
        !order.cancelled && active.length === 0 && h("p", null, T.not_shipped),
        active.map((f, i) => shipment(f, i, order)),
        flag("showItems") &&
          order.lineItems &&
          order.lineItems.length > 0 &&
          h("div", null, h("h4", null, T.items), h("ul", { class: "sp-items" }, order.lineItems.map((l) => h("li", null, l.title + (l.variantTitle ? " – " + l.variantTitle : "") + " × " + l.quantity)))),
        showMore &&
          order.refunds &&
          order.refunds.length > 0 &&
          h(
            "div",
            null,
            h("h4", null, T.refunds),
            h("ul", { class: "sp-items" }, order.refunds.map((r) => h("li", null, T.refunded + " " + money(r.amount, r.currencyCode || order.currencyCode) + " · " + date(r.processedAt)))),
          ),
        showMore &&
          order.returns &&
          order.returns.length > 0 &&
          h(
            "div",
            null,
            h("h4", null, T.returns),
            h(
              "ul",
              { class: "sp-items" },
              order.returns.map((r) =>
                h(
                  "li",
                  null,
                  (r.name || "") + " · ",
                  h("span", { class: "sp-badge" }, (S.return_status || {})[r.status] || r.status),
                  " · " + r.lineItems.map((l) => l.title + " × " + l.quantity).join(", "),
                  r.tracking && webHref(r.tracking.url) ? [" · ", h("a", { href: webHref(r.tracking.url), rel: "noopener", class: "sp-link" }, T.track_link)] : "",
                ),
              ),
            ),
          ),
        webHref(order.statusPageUrl) && h("p", null, h("a", { href: webHref(order.statusPageUrl), class: "sp-link" }, T.order_status_page)),
      );
    };

    // The guest's proof of the order for a receipt request (signed-in customers need none).
    let email = "";
    const receipt = (order) =>
      h("p", null, h("button", { type: "button", class: "sp-button", onclick: async (event) => {
        const data = await load("/orders/" + encodeURIComponent(order.number) + "/receipt", event.currentTarget, email ? { email } : {}, T.receipt_sending);
        if (data) say(T.receipt_sent + " " + data.receipt.sentTo);
      } }, T.receipt));

    const show = (order, back) => {
      result.replaceChildren(orderView(order), receipt(order), back || "");
      result.hidden = false;
      say("");
      const heading = result.querySelector("h3");
      if (heading) heading.focus();
    };

    const load = async (path, busy, body, busyText) => {
      if (busy) {
        if (busy.getAttribute("aria-disabled")) return null;
        busy.setAttribute("aria-disabled", "true");
      }
      say(busyText || S.loading);
      try {
        return await api(path, body);
      } catch (error) {
        say(error.message, "error");
        return null;
      } finally {
        if (busy) busy.removeAttribute("aria-disabled");
      }
    };

    if (form) {
      const number = form.elements.namedItem("number");
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const button = form.querySelector("button[type=submit]");
        if (button.getAttribute("aria-disabled")) return;
        const query = new URLSearchParams({ number: number.value.trim(), email: form.elements.namedItem("email").value.trim() });
        const data = await load("/orders/lookup?" + query, button);
        if (!data) return;
        email = query.get("email");
        const again = h("button", { type: "button", class: "sp-link", onclick: () => {
          result.hidden = true;
          result.replaceChildren();
          number.focus();
        } }, T.another);
        show(data.order, h("p", null, again));
      });
    }

    if (ordersEl) {
      (async () => {
        const data = await load("/orders?limit=10");
        if (!data) {
          ordersEl.replaceChildren();
          return;
        }
        say("");
        const orders = data.orders || [];
        ordersEl.replaceChildren(
          orders.length === 0
            ? h("p", null, T.no_orders)
            : h(
                "ul",
                { class: "sp-list", "aria-label": T.recent_orders },
                orders.map((o) =>
                  h(
                    "li",
                    { class: "sp-row" },
                    h("span", null, h("strong", null, o.name), " · " + T.placed + " " + date(o.processedAt) + " · ", h("span", { class: "sp-badge" }, label(o.status))),
                    h("button", { type: "button", class: "sp-button", onclick: async (event) => {
                      const again = await load("/orders/" + encodeURIComponent(o.number), event.currentTarget);
                      if (again) show(again.order);
                    } }, T.view, h("span", { class: "sp-vh" }, " " + o.name)),
                  ),
                ),
              ),
        );
      })();
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

  // Nothing heavy while the page loads: the Liquid markup is complete, and a block starts on its first use (focus,
  // press or submit: the capture listener runs init before the form's own submit listener). A signed-in customer's
  // order list loads as the block nears the viewport.
  const arm = (root) => {
    const start = () => {
      if (root.dataset.spReady) return;
      linkStyles(root);
      init(root);
    };
    for (const type of ["focusin", "pointerdown", "submit"]) root.addEventListener(type, start, { capture: true });
    if (root.dataset.spWanted) start(); // loaded by snippets/support-loader.liquid on first use
    else if (root.dataset.signedIn === "true") whenVisible(root, start);
  };
  const armAll = () => document.querySelectorAll("[data-sp-tracking]").forEach(arm);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", armAll);
  else armAll();
})();
