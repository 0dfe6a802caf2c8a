import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import {
  htmlToPlainText,
  plainTextToHtml,
  renderMessageHtml,
  renderableHtml,
  safeHttpUrl,
  sanitizeMessageHtml,
} from "../../app/cases/sanitize.server";
import { MessageBody } from "../../app/components/case/MessageBody";

describe("sanitizeMessageHtml", () => {
  it.each([
    ["script tags and their content", '<p>Hi</p><script>alert("x")</script>', "<p>Hi</p>"],
    ["event handlers", '<p onclick="steal()">Hi</p><img src="https://cdn.example.com/a.png" onerror="steal()">', '<p>Hi</p><img src="https://cdn.example.com/a.png" />'],
    ["javascript: links", '<a href="javascript:alert(1)">click</a>', '<a rel="noopener noreferrer nofollow" target="_blank">click</a>'],
    ["obfuscated javascript: links", '<a href="jav&#x09;ascript:alert(1)">x</a><a href=" JAVASCRIPT:alert(1)">y</a>', '<a rel="noopener noreferrer nofollow" target="_blank">x</a><a rel="noopener noreferrer nofollow" target="_blank">y</a>'],
    ["style tags and style attributes", '<style>body{display:none}</style><p style="position:fixed;top:0">Hi</p>', "<p>Hi</p>"],
    ["iframes, objects, forms", '<iframe src="https://evil.example"></iframe><object data="x"></object><form action="https://evil.example"><input name="card"></form>ok', "ok"],
    [
      "images that are neither https nor inline raster data",
      '<img src="http://example.com/a.png"><img src="data:image/svg+xml;base64,PHN2Zz4="><img src="data:text/html;base64,PHA+"><img src="/relative.png"><img src="javascript:alert(1)"><img src="cid:part1@mail">',
      "",
    ],
    ["svg with script", '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>', '<a rel="noopener noreferrer nofollow" target="_blank">x</a>'],
    ["classes and ids", '<div class="x" id="y">Hi</div>', "<div>Hi</div>"],
  ])("strips %s", (_name, input, expected) => {
    expect(sanitizeMessageHtml(input)).toBe(expected);
  });

  it("keeps basic formatting, lists, quotes, tables and safe links (opened in a new tab without referrer)", () => {
    const html =
      '<p>Hello <strong>Jo</strong>, <em>thanks</em> <u>a lot</u><br>Second line</p><ul><li>One</li></ul><ol><li>Two</li></ol><blockquote>quoted</blockquote><table><tr><td colspan="2">cell</td></tr></table><a href="https://shop.example.com/track?id=1" title="Track">Track</a> <a href="mailto:help@example.com">Mail</a><img src="https://cdn.example.com/p.png" alt="photo" width="100">';
    expect(sanitizeMessageHtml(html)).toBe(
      '<p>Hello <strong>Jo</strong>, <em>thanks</em> <u>a lot</u><br />Second line</p><ul><li>One</li></ul><ol><li>Two</li></ol><blockquote>quoted</blockquote><table><tr><td colspan="2">cell</td></tr></table><a href="https://shop.example.com/track?id=1" title="Track" rel="noopener noreferrer nofollow" target="_blank">Track</a> <a href="mailto:help@example.com" rel="noopener noreferrer nofollow" target="_blank">Mail</a><img src="https://cdn.example.com/p.png" alt="photo" width="100" />',
    );
  });

  it("overrides a link's own rel and target", () => {
    expect(sanitizeMessageHtml('<a href="https://x.example" rel="opener" target="_self">x</a>')).toBe(
      '<a href="https://x.example" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
  });

  it("is idempotent, and empty input stays empty", () => {
    const once = sanitizeMessageHtml('<p>Hi <a href="https://x.example">x</a></p><script>1</script>');
    expect(sanitizeMessageHtml(once)).toBe(once);
    expect(sanitizeMessageHtml(null)).toBe("");
    expect(sanitizeMessageHtml("")).toBe("");
  });
});

describe("rendering stored messages", () => {
  it("only sanitised HTML with something visible is rendered as HTML; otherwise the text shows", () => {
    expect(renderableHtml('<p>Hi</p><img src=x onerror="alert(1)">')).toBe("<p>Hi</p>");
    expect(renderableHtml("<script>alert(1)</script>")).toBeNull();
    expect(renderableHtml("<p> </p>")).toBeNull();
    expect(renderableHtml(null)).toBeNull();
  });

  it("a plain-text reply becomes escaped paragraphs", () => {
    expect(plainTextToHtml("Hi <Jo> & co,\nline two\n\nBye")).toBe("<p>Hi &lt;Jo&gt; &amp; co,<br />line two</p><p>Bye</p>");
  });

  it("HTML-only mail gets readable text", () => {
    expect(htmlToPlainText("<p>Hello &amp; welcome</p><p>Line<br>two</p><script>x</script>")).toBe("Hello & welcome\nLine\ntwo");
  });

  it("only http(s) links are clickable", () => {
    expect(safeHttpUrl("https://www.ups.com/track?x=1")).toBe("https://www.ups.com/track?x=1");
    expect(safeHttpUrl("javascript:alert(1)")).toBeNull();
    expect(safeHttpUrl("data:text/html,<script>")).toBeNull();
    expect(safeHttpUrl("not a url")).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});

// Remote images in customer emails are tracking pixels as often as pictures: loading one tells the sender that, and
// when, staff read the email. They stay blocked until staff ask for them, per message.
const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
/** Every URL under this host is a request the sender can see. */
const TRACKER = /tracker\.example/;

describe("remote images in message HTML", () => {
  const email =
    '<p>Where is my order?</p><img src="https://tracker.example/open.gif?u=42" alt="" width="1" height="1">' +
    '<img src="https://tracker.example/logo.png" alt="Shop logo" width="120" height="40px"><img src="' + PNG + '" alt="inline photo">';

  it("keeps the remote image's URL in storage (so staff can still ask for it) and inline raster images", () => {
    const stored = sanitizeMessageHtml(email);
    expect(stored).toContain('src="https://tracker.example/logo.png"');
    expect(stored).toContain(`<img src="${PNG}" alt="inline photo" />`);
  });

  it("blocks them by default on the page: placeholders that keep the alt text and size, nothing to fetch", () => {
    const rendered = renderMessageHtml(email);
    expect(rendered.remoteImages).toBe(2);
    expect(rendered.html).not.toMatch(TRACKER);
    expect(rendered.html).toContain("<p>Where is my order?</p>");
    const placeholders = rendered.html!.match(/<span data-casefile-blocked-image[^>]*>[^<]*<\/span>/g) ?? [];
    expect(placeholders).toHaveLength(2);
    expect(placeholders[0]).toContain('aria-label="Image from the sender, not loaded"');
    expect(placeholders[0]).toMatch(/width:1px;height:1px/);
    expect(placeholders[1]).toContain('aria-label="Image from the sender, not loaded: Shop logo"');
    expect(placeholders[1]).toMatch(/width:120px;height:40px/);
    expect(placeholders[1]).toMatch(/>Shop logo<\/span>$/);
    // The inline image of the email loads nothing from outside: it shows.
    expect(rendered.html).toContain(`<img src="${PNG}" alt="inline photo" />`);
    // The default renderer (used by every page) blocks too.
    expect(renderableHtml(email)).toBe(rendered.html);
  });

  it("offers the images for one click: the original URLs, loaded without a referrer", () => {
    const { withRemoteImages } = renderMessageHtml(email);
    expect(withRemoteImages).toContain('<img src="https://tracker.example/logo.png" alt="Shop logo" width="120" height="40px" referrerpolicy="no-referrer" />');
    expect(withRemoteImages).toContain('<img src="https://tracker.example/open.gif?u=42" alt="" width="1" height="1" referrerpolicy="no-referrer" />');
    expect(withRemoteImages).not.toContain("data-casefile-blocked-image");
  });

  it("has nothing to reveal when the email has no remote image", () => {
    expect(renderMessageHtml(`<p>Photo</p><img src="${PNG}">`)).toEqual({ html: `<p>Photo</p><img src="${PNG}" />`, withRemoteImages: null, remoteImages: 0 });
    expect(renderMessageHtml("<p>Hi</p>")).toEqual({ html: "<p>Hi</p>", withRemoteImages: null, remoteImages: 0 });
    expect(renderMessageHtml(null)).toEqual({ html: null, withRemoteImages: null, remoteImages: 0 });
  });

  it("an image-only email still renders (as its placeholder)", () => {
    const { html } = renderMessageHtml('<img src="https://tracker.example/banner.jpg" alt="Summer sale">');
    expect(html).toContain(">Summer sale</span>");
    expect(html).not.toMatch(TRACKER);
  });

  it.each([
    ["a style attribute", '<div style="background:url(https://tracker.example/bg.png)">x</div>'],
    ["a style attribute with image-set", '<p style="background-image:image-set(\'https://tracker.example/a.png\' 1x)">x</p>'],
    ["a style tag", "<style>@import url(https://tracker.example/a.css); body{background:url('https://tracker.example/b.png')}</style><p>x</p>"],
    ["a background attribute", '<table background="https://tracker.example/t.png"><tr><td background="https://tracker.example/td.png">x</td></tr></table>'],
    ["a body background", '<body background="https://tracker.example/body.png"><p>x</p></body>'],
    ["srcset and picture sources", '<picture><source srcset="https://tracker.example/s.webp"><img srcset="https://tracker.example/i.png 2x" alt="x"></picture>'],
    ["a linked stylesheet", '<link rel="stylesheet" href="https://tracker.example/s.css"><p>x</p>'],
    ["video poster and input image", '<video poster="https://tracker.example/p.png"></video><input type="image" src="https://tracker.example/i.png"><p>x</p>'],
    ["SVG images", '<svg><image href="https://tracker.example/svg.png"></image><use xlink:href="https://tracker.example/u.svg#a"></use></svg><p>x</p>'],
    ["a forged placeholder", '<span data-casefile-blocked-image role="img" style="background:url(https://tracker.example/f.png)">x</span>'],
  ])("never loads remote CSS or images through %s", (_name, input) => {
    const rendered = renderMessageHtml(input);
    expect(rendered.html ?? "").not.toMatch(TRACKER);
    expect(rendered.withRemoteImages ?? "").not.toMatch(TRACKER);
    expect(rendered.html ?? "").not.toContain("style=");
  });

  it("the page shows the placeholders and a per-message button, not the images", () => {
    const rendered = renderMessageHtml(email);
    const markup = renderToString(
      createElement(AppProvider, { i18n: polarisEn }, createElement(MessageBody, { html: rendered.html, htmlWithRemoteImages: rendered.withRemoteImages, text: "Where is my order?" })),
    );
    expect(markup).toContain("Show images from this email");
    expect(markup).toContain("data-casefile-blocked-image");
    expect(markup).not.toMatch(TRACKER);
    const plain = renderToString(createElement(AppProvider, { i18n: polarisEn }, createElement(MessageBody, { html: "<p>Hi</p>", text: "Hi" })));
    expect(plain).not.toContain("Show images from this email");
  });
});
