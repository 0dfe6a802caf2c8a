import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { disconnectDb } from "../../app/db.server";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../app/db/embedded.server";
import { runMigrations } from "../../app/db/migrate.server";
import { resetQueue } from "../../app/jobs/queue.server";

/**
 * Runs the calling describe block on the embedded default (PGlite on loopback, migrated, jobs in-process) instead of
 * the test's PostgreSQL database, and puts everything back afterwards.
 */
export function useEmbeddedDatabase(name: string): void {
  const realUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `casefile-${name}-pglite-`));
    embedded = await startEmbeddedDatabase({ dataDir });
    await runMigrations(embedded.url);
    await disconnectDb();
    process.env.DATABASE_URL = embedded.url;
    resetQueue();
  }, 120_000);

  afterAll(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = realUrl;
    resetQueue();
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}
