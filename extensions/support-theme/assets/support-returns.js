/* Returns block (blocks/returns.liquid), signed-in customers only. GET {proxy}/orders → choose a shipped order →
   GET {proxy}/returns/eligibility?order= → items, quantities, reasons, fees → POST {proxy}/returns → outcome. */
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
    const R = S.returns || {};
    const base = root.dataset.proxy || "/apps/support";
    const lang = document.documentElement.lang || undefined;
    const statusEl = root.querySelector("[data-sp-status]");
    const result = root.querySelector("[data-sp-result]");
    const ordersEl = root.querySelector("[data-sp-orders]");
    let seq = 0;

    const say = (text, tone) => {
      statusEl.textContent = text || "";
      if (tone) statusEl.dataset.tone = tone;
      else delete statusEl.dataset.tone;
    };

    const api = async (path, body) => {
      let res;
      try {
        res = await fetch(base + path, {
          method: body ? "POST" : "GET",
          headers: body ? { Accept: "application/json", "Content-Type": "application/json" } : { Accept: "application/json" },
          body: body ? JSON.stringify(body) : undefined,
          credentials: "same-origin",
        });
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
    let currency = "USD";
    const money = (amount) => {
      try {
        return new Intl.NumberFormat(lang, { style: "currency", currency }).format(Number(amount));
      } catch {
        return Number(amount).toFixed(2) + " " + currency;
      }
    };
    const focusHeading = () => {
      const heading = result.querySelector("h3");
      if (heading) heading.focus();
    };

    const outcome = (data) => {
      const ret = data.return;
      const fees = ret.fees || {};
      result.replaceChildren(
        h(
          "div",
          { class: "sp-card" },
          h("h3", { tabindex: "-1" }, ret.approved ? R.approved : R.requested, ret.name ? " · " + ret.name : ""),
          h("p", null, data.message || ""),
          h("ul", { class: "sp-items" }, (ret.lineItems || []).map((l) => h("li", null, l.title + " × " + l.quantity))),
          Number(fees.restockingFee) > 0 && h("p", null, R.restocking_fee + ": " + money(fees.restockingFee)),
          Number(fees.returnShippingFee) > 0 && h("p", null, R.shipping_fee + ": " + money(fees.returnShippingFee)),
          h("button", { type: "button", class: "sp-button", onclick: () => {
            result.hidden = true;
            result.replaceChildren();
            loadOrders(true);
          } }, R.start_over),
        ),
      );
      result.hidden = false;
      say("");
      focusHeading();
    };

    const returnForm = (el) => {
      currency = el.order.currencyCode || currency;
      const policy = el.policy || {};
      const reasons = el.reasons || [];
      const lines = [];
      const id = root.id + "-" + ++seq;
      const fees = h("div", { class: "sp-fees", "aria-live": "polite" });
      const recompute = () => {
        const subtotal = lines.reduce((sum, l) => sum + l.qty() * Number(l.item.price || 0), 0);
        const restocking = (subtotal * Number(policy.restockingFeePercent || 0)) / 100;
        const shipping = subtotal > 0 ? Number(policy.returnShippingFee || 0) : 0;
        fees.replaceChildren(
          h("h4", null, R.fees),
          h(
            "dl",
            { class: "sp-dl" },
            h("dt", null, R.restocking_fee + (Number(policy.restockingFeePercent) > 0 ? " (" + Number(policy.restockingFeePercent) + " %)" : "")),
            h("dd", null, restocking > 0 ? money(restocking) : R.free),
            h("dt", null, R.shipping_fee),
            h("dd", null, Number(policy.returnShippingFee) > 0 ? money(policy.returnShippingFee) : R.free),
            h("dt", null, R.estimated_refund),
            h("dd", null, money(Math.max(0, subtotal - restocking - shipping))),
          ),
        );
      };

      const itemRow = (item, i) => {
        const title = item.title + (item.variantTitle ? " – " + item.variantTitle : "");
        if (!item.eligible || item.returnableQuantity < 1) {
          return h("li", { class: "sp-row" }, h("span", null, title), h("span", { class: "sp-badge" }, R[item.ineligibleReason] || R.not_returnable));
        }
        const qid = id + "-q" + i;
        const rid = id + "-r" + i;
        const input = h("input", { id: qid, type: "number", inputmode: "numeric", min: 0, max: item.returnableQuantity, value: 0, step: 1, class: "sp-qty" });
        const reason = h(
          "select",
          { id: rid },
          h("option", { value: "" }, R.choose_reason),
          reasons.map((r) => h("option", { value: r.code }, r.label)),
        );
        const less = h("button", { type: "button", "aria-label": R.decrease + ": " + title, "aria-controls": qid }, "−");
        const more = h("button", { type: "button", "aria-label": R.increase + ": " + title, "aria-controls": qid }, "+");
        const qty = () => Math.min(item.returnableQuantity, Math.max(0, Math.floor(Number(input.value) || 0)));
        const sync = () => {
          less.disabled = qty() <= 0;
          more.disabled = qty() >= item.returnableQuantity;
          reason.required = qty() > 0;
          recompute();
        };
        less.addEventListener("click", () => {
          input.value = String(qty() - 1);
          sync();
        });
        more.addEventListener("click", () => {
          input.value = String(qty() + 1);
          sync();
        });
        input.addEventListener("input", sync);
        input.addEventListener("change", () => {
          input.value = String(qty());
          sync();
        });
        lines.push({ item, qty, reason });
        const row = h(
          "li",
          { class: "sp-row" },
          h(
            "fieldset",
            { class: "sp-line" },
            h("legend", { class: "sp-label" }, title),
            h("p", { class: "sp-hint" }, money(item.price) + (item.windowEndsAt ? " · " + R.window_ends + " " + date(item.windowEndsAt) : "")),
            h("div", { class: "sp-field" }, h("label", { for: qid }, R.quantity), h("div", { class: "sp-stepper" }, less, input, more)),
            h("div", { class: "sp-field" }, h("label", { for: rid }, R.reason), reason),
          ),
        );
        queueMicrotask(sync);
        return row;
      };

      const note = root.dataset.showNote !== "false" && h("textarea", { id: id + "-note", rows: 3, maxlength: 2000 });
      const submit = h("button", { type: "submit", class: "sp-button" }, R.submit);
      const form = h(
        "form",
        { class: "sp-form", novalidate: true, "aria-labelledby": id + "-h" },
        h("h3", { id: id + "-h", tabindex: "-1" }, el.order.name),
        root.dataset.showPolicy !== "false" && policy.instructions && h("p", { class: "sp-hint" }, policy.instructions),
        h("h4", null, R.items),
        h("ul", { class: "sp-list" }, (el.lineItems || []).map(itemRow)),
        note && h("div", { class: "sp-field" }, h("label", { for: id + "-note" }, R.note), note),
        fees,
        submit,
      );
      recompute();
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (submit.getAttribute("aria-disabled")) return;
        const chosen = lines.filter((l) => l.qty() > 0);
        const missing = chosen.find((l) => !l.reason.value);
        lines.forEach((l) => l.reason.removeAttribute("aria-invalid"));
        if (chosen.length === 0 || missing) {
          if (missing) missing.reason.setAttribute("aria-invalid", "true");
          say(R.pick_item, "error");
          (missing ? missing.reason : form.querySelector("input")).focus();
          return;
        }
        submit.setAttribute("aria-disabled", "true");
        say(S.loading);
        try {
          const data = await api("/returns", {
            order: String(el.order.number),
            items: chosen.map((l) => ({ lineItemId: l.item.lineItemId, quantity: l.qty(), reason: l.reason.value })),
            note: note && note.value.trim() ? note.value.trim() : undefined,
          });
          outcome(data);
        } catch (error) {
          say(error.message, "error");
        } finally {
          submit.removeAttribute("aria-disabled");
        }
      });
      return form;
    };

    const choose = async (order, button) => {
      button.setAttribute("aria-disabled", "true");
      say(S.loading);
      try {
        const el = await api("/returns/eligibility?order=" + encodeURIComponent(order.number));
        if (!el.eligible) {
          result.replaceChildren(h("div", { class: "sp-card" }, h("h3", { tabindex: "-1" }, order.name), h("p", null, R[el.reason] || R.nothing_returnable)));
        } else {
          result.replaceChildren(returnForm(el));
        }
        result.hidden = false;
        say("");
        focusHeading();
      } catch (error) {
        say(error.message, "error");
      } finally {
        button.removeAttribute("aria-disabled");
      }
    };

    const loadOrders = async (focus) => {
      say(S.loading);
      let data;
      try {
        data = await api("/orders?limit=20");
      } catch (error) {
        ordersEl.replaceChildren();
        say(error.message, "error");
        return;
      }
      say("");
      // Returns start from what has arrived: orders with at least one delivered shipment.
      const shipped = (data.orders || []).filter((o) => !o.cancelled && (o.status === "delivered" || (o.fulfillments || []).some((f) => f.deliveredAt)));
      ordersEl.replaceChildren(
        shipped.length === 0
          ? h("p", null, R.no_orders)
          : h(
              "ul",
              { class: "sp-list", "aria-label": R.select },
              shipped.map((o) =>
                h(
                  "li",
                  { class: "sp-row" },
                  h("span", null, h("strong", null, o.name), " · " + R.placed + " " + date(o.processedAt) + " · ", h("span", { class: "sp-badge" }, (S.status || {})[o.status] || o.status)),
                  h("button", { type: "button", class: "sp-button", onclick: (event) => choose(o, event.currentTarget) }, R.select, h("span", { class: "sp-vh" }, " " + o.name)),
                ),
              ),
            ),
      );
      if (focus) {
        const first = ordersEl.querySelector("button");
        if (first) first.focus();
      }
    };

    loadOrders(false);
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

  // Nothing heavy while the page loads: the customer's orders load as the block nears the viewport, in idle time,
  // or at once when the shopper reaches into the block.
  const arm = (root) => {
    const start = () => {
      if (root.dataset.spReady) return;
      linkStyles(root);
      init(root);
    };
    for (const type of ["focusin", "pointerdown"]) root.addEventListener(type, start, { capture: true });
    if (root.dataset.spWanted) start(); // loaded by snippets/support-loader.liquid
    else whenVisible(root, start);
  };
  const armAll = () => document.querySelectorAll("[data-sp-returns]").forEach(arm);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", armAll);
  else armAll();
})();
