import sanitizeHtml from "sanitize-html";

// Message HTML. Customer HTML (email bodies, storefront messages) is sanitised before it is stored, and the
// stored HTML is sanitised again on its way to the page: only the output of sanitizeMessageHtml ever reaches
// dangerouslySetInnerHTML (app/components/case/MessageBody.tsx). A message without HTML shows as text.

/** HTML that went through sanitizeMessageHtml. The brand keeps raw strings out of the HTML renderer. */
export type SafeHtml = string & { readonly __safeHtml: true };

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "del", "sub", "sup", "small",
    "blockquote", "pre", "code", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title", "width", "height"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan"],
    ol: ["start"],
  },
  // No style, class or on* attribute survives (not listed above); script/style/iframe contents are dropped.
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["https"] },
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "title", "head"],
  transformTags: {
    // Relative links would point into this app; only absolute http(s), mailto and tel links are kept.
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      const keep = href && /^(https?:\/\/|mailto:|tel:)/i.test(href.trim());
      return { tagName, attribs: { ...(keep ? { href } : {}), ...rest, rel: "noopener noreferrer nofollow", target: "_blank" } };
    },
  },
  // An image whose source is not an absolute https URL (http:, data:, javascript:, relative) is dropped.
  exclusiveFilter: (frame) => frame.tag === "img" && !/^https:\/\//i.test(frame.attribs.src ?? ""),
};

/** Customer or stored message HTML made safe to store and to render. Empty input gives an empty string. */
export function sanitizeMessageHtml(html: string | null | undefined): SafeHtml {
  if (!html) return "" as SafeHtml;
  return sanitizeHtml(html, OPTIONS).trim() as SafeHtml;
}

/** Stored HTML for the page: sanitised again, or null when nothing visible is left (the text shows instead). */
export function renderableHtml(html: string | null | undefined): SafeHtml | null {
  const safe = sanitizeMessageHtml(html);
  if (!safe) return null;
  const visible = sanitizeHtml(safe, { allowedTags: [], allowedAttributes: {} }).trim();
  return visible || /<img\b/i.test(safe) ? safe : null;
}

/** A staff member's plain-text reply as HTML: escaped, paragraphs and line breaks kept, links left as text. */
export function plainTextToHtml(text: string): SafeHtml {
  const escape = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escape(p).replace(/\n/g, "<br />")}</p>`);
  return sanitizeMessageHtml(paragraphs.join(""));
}

/** The text of an HTML body (for a message that came with HTML only). */
export function htmlToPlainText(html: string): string {
  const withBreaks = html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6]|tr|blockquote)>/gi, "\n");
  return sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A link staff may click: http(s) only, else null (tracking URLs come from carriers and webhooks). */
export function safeHttpUrl(url: unknown): string | null {
  if (typeof url !== "string" || !url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}
