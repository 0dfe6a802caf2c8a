// The little markdown help articles use, read the way the storefront's Help & contact block shows it
// (extensions/support-theme/assets/support-help.js): each line is a paragraph, "## " starts a heading (shown bold),
// "- " or "1. " a list item, **bold** is bold; anything else, links included, is plain text. Parsed into plain data
// (never HTML strings), so the admin preview renders it with React (which escapes every character) and nothing needs
// sanitising. Shared by server and browser.

export type Inline = { kind: "text"; text: string } | { kind: "bold"; text: string };

export type Block =
  | { kind: "heading"; content: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "paragraph"; content: Inline[] };

export function parseInline(text: string): Inline[] {
  return text
    .split(/\*\*(.+?)\*\*/g)
    .map((part, i): Inline => (i % 2 ? { kind: "bold", text: part } : { kind: "text", text: part }))
    .filter((part) => part.text !== "");
}

export function parseMarkdownLite(body: string): Block[] {
  const blocks: Block[] = [];
  let list: { kind: "list"; ordered: boolean; items: Inline[][] } | null = null;
  for (const raw of body.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    const item = /^(?:[-*]|(\d+)\.)\s+(.*)$/.exec(line);
    if (item) {
      const ordered = Boolean(item[1]);
      if (!list || list.ordered !== ordered) blocks.push((list = { kind: "list", ordered, items: [] }));
      list.items.push(parseInline(item[2]));
      continue;
    }
    list = null;
    if (!line) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    blocks.push(heading ? { kind: "heading", content: parseInline(heading[1]) } : { kind: "paragraph", content: parseInline(line) });
  }
  return blocks;
}

/** The first words of the body as plain text, for lists and search results. */
export function excerptOf(body: string, length = 140): string {
  const text = body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#*_`>]+/g, "")
    .replace(/^\s*-\s+/gm, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}
