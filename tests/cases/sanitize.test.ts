import { describe, expect, it } from "vitest";
import { htmlToPlainText, plainTextToHtml, renderableHtml, safeHttpUrl, sanitizeMessageHtml } from "../../app/cases/sanitize.server";

describe("sanitizeMessageHtml", () => {
  it.each([
    ["script tags and their content", '<p>Hi</p><script>alert("x")</script>', "<p>Hi</p>"],
    ["event handlers", '<p onclick="steal()">Hi</p><img src="https://cdn.example.com/a.png" onerror="steal()">', '<p>Hi</p><img src="https://cdn.example.com/a.png" />'],
    ["javascript: links", '<a href="javascript:alert(1)">click</a>', '<a rel="noopener noreferrer nofollow" target="_blank">click</a>'],
    ["obfuscated javascript: links", '<a href="jav&#x09;ascript:alert(1)">x</a><a href=" JAVASCRIPT:alert(1)">y</a>', '<a rel="noopener noreferrer nofollow" target="_blank">x</a><a rel="noopener noreferrer nofollow" target="_blank">y</a>'],
    ["style tags and style attributes", '<style>body{display:none}</style><p style="position:fixed;top:0">Hi</p>', "<p>Hi</p>"],
    ["iframes, objects, forms", '<iframe src="https://evil.example"></iframe><object data="x"></object><form action="https://evil.example"><input name="card"></form>ok', "ok"],
    ["images that are not https", '<img src="http://example.com/a.png"><img src="data:image/png;base64,AAAA"><img src="/relative.png"><img src="javascript:alert(1)">', ""],
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
