import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";

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
  // Webhook acknowledgements have no body worth compressing; skip the middleware on that hot path.
  app.use(compression({ filter: (req, res) => !req.path.startsWith("/webhooks/") && compression.filter(req, res) }));
  app.use("/assets", express.static(path.resolve(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve(buildDir, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.on("error", reject);
  });
}
