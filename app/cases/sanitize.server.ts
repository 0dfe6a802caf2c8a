import sanitizeHtml from "sanitize-html";
import { t } from "../i18n/en";

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
  allowedSchemesByTag: { img: ["https", "data"] },
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
  // An image is kept only with an absolute https source (a remote image, blocked until staff ask for it, see
  // renderMessageHtml) or an inline raster data: image (a cid: image of the email, see channels/email/inbound.server.ts).
  // http:, javascript:, relative, cid: left unresolved and data: SVG/HTML sources are dropped with their image.
  exclusiveFilter: (frame) => frame.tag === "img" && imageSource(frame.attribs.src) === null,
};

/** Largest inline (data:) image kept in a message body, in base64 characters (about 1.5 MB of image). */
export const MAX_DATA_IMAGE_CHARS = 2_000_000;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|jpg|gif|webp);base64,[a-z0-9+/]+={0,2}$/i;

/** What an <img src> is: "remote" (https, loads from the sender's server), "inline" (raster data:), or null (dropped). */
export function imageSource(src: string | null | undefined): "remote" | "inline" | null {
  const value = (src ?? "").trim();
  if (/^https:\/\/[^\s]/i.test(value)) return "remote";
  if (value.length <= MAX_DATA_IMAGE_CHARS && DATA_IMAGE.test(value.replace(/\s+/g, ""))) return "inline";
  return null;
}

/** Customer or stored message HTML made safe to store and to render. Empty input gives an empty string. */
export function sanitizeMessageHtml(html: string | null | undefined): SafeHtml {
  if (!html) return "" as SafeHtml;
  return sanitizeHtml(html, OPTIONS).trim() as SafeHtml;
}

/** Stored HTML for the page: sanitised again, or null when nothing visible is left (the text shows instead). */
function visibleHtml(html: string | null | undefined): SafeHtml | null {
  const safe = sanitizeMessageHtml(html);
  if (!safe) return null;
  const visible = sanitizeHtml(safe, { allowedTags: [], allowedAttributes: {} }).trim();
  return visible || /<img\b/i.test(safe) ? safe : null;
}

/** A size attribute of an image as whole pixels (1–4000), or null when absent or not a plain number. */
function pixels(value: string | undefined): number | null {
  const n = /^\s*(\d{1,5})(?:px)?\s*$/i.exec(value ?? "")?.[1];
  return n ? Math.min(4000, Math.max(1, Number(n))) : null;
}

/**
 * A remote image as a neutral placeholder: nothing is fetched; the alt text shows (and names it for screen readers),
 * the width and height keep the layout. The style is built here from numbers only, never from the email.
 */
function blockedImage(attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const alt = (attribs.alt ?? "").trim();
  const width = pixels(attribs.width);
  const height = pixels(attribs.height);
  const style = [
    "display:inline-block",
    "box-sizing:border-box",
    "max-width:100%",
    "overflow:hidden",
    "vertical-align:middle",
    "border:1px dashed #8a8a8a",
    "border-radius:4px",
    "background:#f1f1f1",
    "color:#616161",
    "font-size:12px",
    "padding:2px 6px",
    ...(width ? [`width:${width}px`] : []),
    ...(height ? [`height:${height}px`] : []),
  ].join(";");
  const label = alt ? t("case.images.blockedNamed", { alt }) : t("case.images.blocked");
  return {
    tagName: "span",
    attribs: { "data-casefile-blocked-image": "", role: "img", "aria-label": label, title: label, style },
    text: alt || t("case.images.placeholder"),
  };
}

const RENDER_SPAN_ATTRIBUTES = ["data-casefile-blocked-image", "role", "aria-label", "title", "style"];

/** How a message's HTML goes to the page: remote images blocked (the default) or shown. */
export interface RenderedMessageHtml {
  /** The HTML to show first: every remote image replaced by a placeholder, so nothing loads from the sender. */
  html: SafeHtml | null;
  /** The same HTML with its remote images (loaded without a referrer), shown only once staff ask; null when none. */
  withRemoteImages: SafeHtml | null;
  /** How many remote images were blocked. */
  remoteImages: number;
}

/**
 * A message's stored HTML made ready for the page. Remote images are tracking pixels as often as pictures: loading
 * one tells the sender that, and when, the email was read (and from where). So they are blocked by default and
 * replaced by a placeholder; `withRemoteImages` is the variant to show after staff click "Show images". Inline
 * (data:) images of the email always show: they load nothing. Remote CSS (style attributes, <style>, background
 * attributes) never survives sanitizeMessageHtml.
 */
export function renderMessageHtml(html: string | null | undefined): RenderedMessageHtml {
  const safe = visibleHtml(html);
  if (!safe) return { html: null, withRemoteImages: null, remoteImages: 0 };
  let remoteImages = 0;
  const blocked = sanitizeHtml(safe, {
    ...OPTIONS,
    allowedAttributes: { ...(OPTIONS.allowedAttributes as Record<string, string[]>), span: RENDER_SPAN_ATTRIBUTES },
    transformTags: {
      ...OPTIONS.transformTags,
      img: (tagName, attribs) => {
        if (imageSource(attribs.src) !== "remote") return { tagName, attribs };
        remoteImages += 1;
        return blockedImage(attribs);
      },
    },
    // The placeholders are spans now (the filter sees the transformed tag); other images were checked above.
    exclusiveFilter: undefined,
  }).trim() as SafeHtml;
  if (remoteImages === 0) return { html: safe, withRemoteImages: null, remoteImages };
  const shown = sanitizeHtml(safe, {
    ...OPTIONS,
    allowedAttributes: { ...(OPTIONS.allowedAttributes as Record<string, string[]>), img: ["src", "alt", "title", "width", "height", "referrerpolicy"] },
    transformTags: {
      ...OPTIONS.transformTags,
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, referrerpolicy: "no-referrer" } }),
    },
  }).trim() as SafeHtml;
  return { html: blocked, withRemoteImages: shown, remoteImages };
}

/** Stored HTML for the page with remote images blocked (see renderMessageHtml), or null when nothing visible is left. */
export function renderableHtml(html: string | null | undefined): SafeHtml | null {
  return renderMessageHtml(html).html;
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
