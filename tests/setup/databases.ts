import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

/** The PostgreSQL server the tests use: TEST_DATABASE_URL, else this machine's local server. */
export const SERVER_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The template's name changes whenever a migration changes, so a stale template is never reused. */
export function templateName(root = process.cwd()): string {
  const dir = path.join(root, "prisma", "migrations");
  const hash = crypto.createHash("sha256");
  for (const entry of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, entry, "migration.sql");
    if (fs.existsSync(file)) hash.update(entry).update(fs.readFileSync(file));
  }
  // graphile-worker's schema is part of the template too: its version changes the template.
  hash.update(JSON.parse(fs.readFileSync(path.join(root, "node_modules", "graphile-worker", "package.json"), "utf8")).version);
  return `casefile_test_tpl_${hash.digest("hex").slice(0, 12)}`;
}

export async function withServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return (rowCount ?? 0) > 0;
}

export async function recreateDatabase(client: pg.Client, name: string, template?: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
}

/** Per-file test databases of one vitest run (keyed by the run's main process id). */
export function runDatabasePrefix(runPid: number): string {
  return `casefile_test_r${runPid}_w`;
}
