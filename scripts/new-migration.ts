// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that takes a database at the committed migrations to prisma/schema.prisma. (`prisma migrate dev` needs a
// shadow database the driver-adapter CLI cannot create; this replays the migrations into a scratch database.)
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { z } from "zod";
import { fail, log } from "./lib/log";

const name = z
  .string()
  .regex(/^[a-z0-9_]+$/, "use lower-case letters, digits and underscores, e.g. add_case_search")
  .safeParse(process.argv[2]);
if (!name.success) fail(`Migration name ${name.error.issues[0].message}. Usage: npm run db:new-migration -- <name>`, 2);

const server = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const scratch = `casefile_migration_${process.pid}`;
const scratchUrl = Object.assign(new URL(server), { pathname: `/${scratch}` }).toString();

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

await admin(`CREATE DATABASE "${scratch}"`);
try {
  // With a driver adapter, --from-migrations replays the migrations into the adapter's (empty) database.
  const { stdout } = await promisify(execFile)(
    path.resolve("node_modules/.bin/prisma"),
    ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { env: { ...process.env, DATABASE_URL: scratchUrl, CHECKPOINT_DISABLE: "1" } as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024 },
  );
  if (!stdout.trim() || /^-- This is an empty migration\.?\s*$/.test(stdout.trim())) {
    log("The schema matches the committed migrations: nothing to write.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma", "migrations", `${stamp}_${name.data}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), stdout);
    log(`Wrote ${dir}/migration.sql — review it, then commit it with the schema.`);
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
}
