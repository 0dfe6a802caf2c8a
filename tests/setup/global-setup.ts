import { runMigrations } from "../../app/db/migrate.server";
import { migrateJobSchema } from "../../app/jobs/graphile.server";
import { databaseExists, databaseUrl, recreateDatabase, runDatabasePrefix, templateName, withServer } from "./databases";

/**
 * Once per run: a template database with every migration applied (through `prisma migrate deploy`, the
 * same path production takes). Each test file then gets its own copy (tests/setup/test-env.ts).
 */
export default async function setup() {
  await prepareTemplate();
  return async function teardown() {
    await withServer(async (client) => {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
        `${runDatabasePrefix(process.pid)}%`,
      ]);
      for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    });
  };
}

async function prepareTemplate() {
  const template = templateName();
  const ready = await withServer(async (client) => {
    if (await databaseExists(client, template)) return true;
    // Old templates from earlier migration sets are dropped, so they do not pile up.
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'casefile_test_tpl_%'",
    );
    for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await recreateDatabase(client, `${template}_building`);
    return false;
  });
  if (ready) return;
  await runMigrations(databaseUrl(`${template}_building`));
  await migrateJobSchema(databaseUrl(`${template}_building`));
  await withServer(async (client) => {
    await client.query(`ALTER DATABASE "${template}_building" RENAME TO "${template}"`);
  });
}
