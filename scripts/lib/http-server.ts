import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";

export type IngestWebhook = (request: Request, pathTopic: string | undefined) => Promise<Response>;

/** Express → Web Request → the intake → Express response. Expects the raw body (express.raw) in req.body. */
export function webhookFastPath(ingest: IngestWebhook): express.RequestHandler {
  return async (req, res, next) => {
    try {
      const url = new URL(req.originalUrl, `http://${req.headers.host ?? "localhost"}`);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD" && Buffer.isBuffer(req.body);
      const request = new Request(url, { method: req.method, headers, body: hasBody ? req.body : undefined });
      const response = await ingest(request, req.path.replace(/^\/webhooks\//, ""));
      res.status(response.status);
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      next(error);
    }
  };
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
  if (ingest) {
    app.all("/webhooks/*", express.raw({ type: () => true, limit: "5mb" }), webhookFastPath(ingest));
  }

  app.use(compression());
  app.use("/assets", express.static(path.resolve(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve(buildDir, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.on("error", reject);
  });
}
