import { describe, expect, it } from "vitest";
import { readLines, reassemble } from "../../app/sync/bulk-jsonl.server";

const ORDER = "gid://shopify/Order/1";
const OTHER = "gid://shopify/Order/2";
const connections = { LineItem: "lineItems", Return: "returns" };

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const bytes = chunks.map((c) => encoder.encode(c));
  return new ReadableStream({
    start(controller) {
      for (const b of bytes) controller.enqueue(b);
      controller.close();
    },
  });
}

async function collect(lines: AsyncIterable<string>) {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe("bulk operation JSONL", () => {
  it("reads lines split across chunks (multi-byte characters included), skipping blank ones", async () => {
    const text = '{"id":"a","title":"Café"}\n\n{"id":"b"}\n{"id":"c"}';
    const bytes = new TextEncoder().encode(text);
    // Split inside the two-byte "é" and inside a line.
    const cut = text.indexOf("é") + 1;
    const chunks = [bytes.slice(0, cut), bytes.slice(cut, cut + 9), bytes.slice(cut + 9)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(c);
        controller.close();
      },
    });
    expect(await collect(readLines(stream))).toEqual(['{"id":"a","title":"Café"}', '{"id":"b"}', '{"id":"c"}']);
    expect(await collect(readLines(streamOf(["x\n", "y\n"])))).toEqual(["x", "y"]);
  });

  it("nests children under their parent whether they come before or after it, and ignores unknown parents", async () => {
    const rows = [
      { id: "gid://shopify/LineItem/10", title: "early", __parentId: ORDER },
      { id: ORDER, name: "#1" },
      { id: "gid://shopify/LineItem/11", title: "late", __parentId: ORDER },
      { id: "gid://shopify/Return/5", status: "OPEN", __parentId: ORDER },
      { id: "gid://shopify/LineItem/99", title: "orphan", __parentId: "gid://shopify/Order/404" },
      { id: "gid://shopify/Metafield/1", __parentId: ORDER },
      { id: OTHER, name: "#2" },
    ];
    const { roots, stats } = await reassemble(
      rows.map((r) => JSON.stringify(r)),
      connections,
    );
    expect(roots).toEqual([
      {
        id: ORDER,
        name: "#1",
        lineItems: {
          nodes: [
            { id: "gid://shopify/LineItem/10", title: "early" },
            { id: "gid://shopify/LineItem/11", title: "late" },
          ],
        },
        returns: { nodes: [{ id: "gid://shopify/Return/5", status: "OPEN" }] },
      },
      { id: OTHER, name: "#2", lineItems: { nodes: [] }, returns: { nodes: [] } },
    ]);
    expect(stats).toEqual({ objects: 7, orphans: 1 });
  });
});
