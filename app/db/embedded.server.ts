import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabase {
  /** postgresql:// URL for the app, the Prisma CLI and psql; `embedded=1` tells the pool to use one connection. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder for the database files; created when missing, reused across runs. */
  dataDir: string;
  /** Loopback port; 0 picks a free one. */
  port?: number;
}

/**
 * PostgreSQL (PGlite, compiled to WebAssembly) served on 127.0.0.1 with the PostgreSQL wire protocol, so
 * the app, the migration CLI and psql reach it exactly as they reach a real server
 * (docs/decisions/0004-embedded-database.md).
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // Several clients may connect (the app's pool, the migration CLI); the server runs their queries in turn.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port ?? 0, maxConnections: 16 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not start the embedded database on 127.0.0.1:${options.port ?? 0}: ${message}`);
  }
  const port = Number(new URL(`postgresql://${server.getServerConn()}`).port);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?embedded=1`,
    port,
    dataDir,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
