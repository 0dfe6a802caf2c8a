// What e2e/xss.e2e.ts looks for in a page after hostile content was shown: whether any payload ran (the window flag
// every payload sets) or is still live (an on* handler, a script, a javascript:/data: link, a frame or object that
// carries one, an <img src=x> that would fire onerror). Kept apart so it can be checked against a page that does
// carry a live payload.
import type { Page } from "playwright-core";

export interface LivePayloads {
  ran: string[];
  handlers: string[];
  scriptLinks: string[];
  payloadScripts: number;
  embeds: string[];
  hostileImages: number;
}

export const NOTHING_LIVE: LivePayloads = { ran: [], handlers: [], scriptLinks: [], payloadScripts: 0, embeds: [], hostileImages: 0 };

export function livePayloads(page: Page): Promise<LivePayloads> {
  return page.evaluate(() => {
    const ran = (window as unknown as { __xssRan?: string[] }).__xssRan ?? [];
    const handlers: string[] = [];
    for (const element of Array.from(document.querySelectorAll("*"))) {
      for (const attribute of Array.from(element.attributes)) {
        if (/^on/i.test(attribute.name) && attribute.value.includes("__xssRan")) handlers.push(`${element.tagName} ${attribute.name}`);
        if (/^(src|href|action|data|formaction|srcdoc|style)$/i.test(attribute.name) && /__xssRan|javascript:|expression\(/i.test(attribute.value.replace(/\s/g, ""))) {
          handlers.push(`${element.tagName} ${attribute.name}=${attribute.value.slice(0, 40)}`);
        }
      }
    }
    // Browsers drop tabs and newlines inside a URL's scheme: compare without any whitespace.
    const scriptLinks = Array.from(document.querySelectorAll("a[href]"))
      .map((a) => a.getAttribute("href") ?? "")
      .filter((href) => /^(javascript|data|vbscript):/i.test(href.replace(/\s/g, "")));
    const payloadScripts = Array.from(document.scripts).filter((s) => (s.textContent ?? "").includes("__xssRan")).length;
    const embeds = Array.from(document.querySelectorAll("iframe, object, embed, base, meta[http-equiv]"))
      .filter((e) => e.outerHTML.includes("__xssRan") || e.outerHTML.includes("javascript:"))
      .map((e) => e.tagName);
    const hostileImages = Array.from(document.querySelectorAll("img")).filter((img) => img.getAttribute("src") === "x").length;
    return { ran, handlers, scriptLinks, payloadScripts, embeds, hostileImages };
  });
}
