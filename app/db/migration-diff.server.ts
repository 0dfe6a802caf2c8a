import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

async function adminQuery(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The SQL that takes a database at the committed migrations to prisma/schema.prisma, or "" when they agree.
 * `prisma migrate dev` needs a shadow database the driver-adapter CLI cannot create; with an adapter,
 * `migrate diff --from-migrations` replays the migrations into the adapter's database instead, so this runs it
 * against a scratch database created (and dropped) on `serverUrl`.
 */
export async function pendingMigrationSql(serverUrl: string, { cwd = process.cwd() } = {}): Promise<string> {
  const scratch = `casefile_migration_${process.pid}_${Date.now().toString(36)}`;
  const scratchUrl = Object.assign(new URL(serverUrl), { pathname: `/${scratch}` }).toString();
  await adminQuery(serverUrl, `CREATE DATABASE "${scratch}"`);
  try {
    const { stdout } = await promisify(execFile)(
      path.join(cwd, "node_modules", ".bin", "prisma"),
      ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      { cwd, env: { ...process.env, DATABASE_URL: scratchUrl, CHECKPOINT_DISABLE: "1" } as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024 },
    );
    const sql = stdout.trim();
    return !sql || /^-- This is an empty migration\.?$/.test(sql) ? "" : stdout;
  } finally {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  }
}
