// Bulk operation results: JSONL, one object per line. Objects read through a connection come on lines of
// their own carrying `__parentId` (the GID of the object they belong to); lists are inline. Shopify writes a
// child after its parent, but the order is not promised, so children are kept until the file ends.

export type JsonObject = Record<string, unknown>;

/** The lines of a text stream (a fetch body), without their line breaks; blank lines skipped. */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline = buffered.indexOf("\n");
      while (newline !== -1) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield line;
        newline = buffered.indexOf("\n");
      }
      if (done) break;
    }
  } finally {
    reader.releaseLock();
  }
  if (buffered.trim()) yield buffered.trim();
}

/** "gid://shopify/LineItem/1" → "LineItem". */
export function gidType(gid: unknown): string | null {
  return typeof gid === "string" ? (/^gid:\/\/shopify\/([A-Za-z]+)\//.exec(gid)?.[1] ?? null) : null;
}

export interface ReassembleStats {
  /** Lines read (parents and children). */
  objects: number;
  /** Children whose parent is not in the file (ignored). */
  orphans: number;
}

/**
 * Rebuilds the root objects with their connection children nested back the way a normal query nests them:
 * a child of type `T` lands in `connections[T]` of its parent as `{ nodes: [...] }` (e.g. LineItem →
 * lineItems). Children of unknown type or unknown parent are ignored. Roots come out in file order.
 */
export async function reassemble(
  lines: AsyncIterable<string> | Iterable<string>,
  connections: Record<string, string>,
): Promise<{ roots: JsonObject[]; stats: ReassembleStats }> {
  const roots = new Map<string, JsonObject>();
  const children = new Map<string, JsonObject[]>();
  let objects = 0;
  for await (const line of lines) {
    const row = JSON.parse(line) as JsonObject;
    objects += 1;
    const parentId = row.__parentId;
    if (typeof parentId === "string") {
      const list = children.get(parentId) ?? [];
      list.push(row);
      children.set(parentId, list);
    } else if (typeof row.id === "string") {
      roots.set(row.id, row);
    }
  }
  let orphans = 0;
  for (const [parentId, rows] of children) {
    const parent = roots.get(parentId);
    if (!parent) {
      orphans += rows.length;
      continue;
    }
    for (const child of rows) {
      delete child.__parentId;
      const field = connections[gidType(child.id) ?? ""];
      if (!field) continue;
      const connection = (parent[field] ??= { nodes: [] }) as { nodes: JsonObject[] };
      connection.nodes.push(child);
    }
  }
  for (const root of roots.values()) {
    for (const field of Object.values(connections)) root[field] ??= { nodes: [] };
  }
  return { roots: [...roots.values()], stats: { objects, orphans } };
}
