import path from "node:path";
import { pathToFileURL } from "node:url";
import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";

export type IngestWebhook = (request: Request, pathTopic: string | undefined) => Promise<Response>;

const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

function payloadTooLarge(res: ServerResponse) {
  res.writeHead(413, { "content-type": "application/json; charset=utf-8", connection: "close" });
  res.end(JSON.stringify({ error: { code: "payload_too_large", message: `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.` } }));
}

/**
 * node:http → Web Request → the intake → node:http response, for POST /webhooks/*. Shopify's hottest path skips
 * Express entirely (its router, query parser and body-parser cost more than the intake itself under load).
 */
export function webhookFastPath(ingest: IngestWebhook) {
  return (req: IncomingMessage, res: ServerResponse, next: (error: unknown) => void) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("error", next);
    req.on("end", async () => {
      try {
        if (tooLarge) return payloadTooLarge(res);
        const headers = new Headers();
        const raw = req.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
        const hasBody = req.method !== "GET" && req.method !== "HEAD";
        const url = requestUrl(req.headers.host, req.url);
        const request = new Request(url, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
        const pathname = (req.url ?? "").split("?")[0];
        const response = await ingest(request, pathname.replace(/^\/webhooks\//, ""));
        const outHeaders: Record<string, string> = {};
        response.headers.forEach((value, name) => (outHeaders[name] = value));
        res.writeHead(response.status, outHeaders);
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        next(error);
      }
    });
  };
}

/** The request's URL; a Host header no URL can hold ("a b", "[::1") must not turn a delivery into a 500. */
function requestUrl(host: string | undefined, path: string | undefined): string {
  try {
    return new URL(`http://${host ?? "localhost"}${path ?? "/"}`).href;
  } catch {
    return `http://localhost${path ?? "/"}`;
  }
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  buildDir?: string;
}

/**
 * Serves the Remix production build: hashed assets with a year's cache, everything else through Remix.
 * The process keeps no state of its own (sessions, jobs and data live in PostgreSQL), so any number of
 * these can run behind a load balancer.
 */
export async function startHttpServer({ port, host = "0.0.0.0", buildDir = "build" }: HttpServerOptions): Promise<Server> {
  const serverBuildPath = path.resolve(buildDir, "server", "index.js");
  const build = (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");

  // Webhooks: Shopify's hottest path skips static files, compression and Remix's routing, and calls the same
  // intake function the Remix route does (exported by the server entry, so it is the build's own instance).
  const ingest = (build.entry.module as { ingestWebhook?: IngestWebhook }).ingestWebhook;
  const fastPath = ingest ? webhookFastPath(ingest) : undefined;

  app.use(compression());
  app.use("/assets", express.static(path.resolve(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve(buildDir, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      if (fastPath && req.url?.startsWith("/webhooks/")) {
        fastPath(req, res, (error) => {
          console.error(error);
          if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("Internal error");
          else res.destroy();
        });
      } else {
        app(req, res);
      }
    });
    server.listen(port, host, () => resolve(server));
    server.on("error", reject);
  });
}
