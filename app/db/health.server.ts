import db from "../db.server";

export interface DatabaseHealth {
  up: boolean;
  latencyMs: number;
  migrations?: { applied: number; latest: string | null };
  error?: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export async function checkDatabase(timeoutMs = 2000): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    const rows = await withTimeout(
      db.$queryRaw<{ applied: bigint; latest: string | null }[]>`
        SELECT count(*) AS applied, max(migration_name) AS latest
        FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      timeoutMs,
    );
    const row = rows[0];
    return {
      up: true,
      latencyMs: Math.round(performance.now() - started),
      migrations: { applied: Number(row?.applied ?? 0), latest: row?.latest ?? null },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n").filter(Boolean).at(-1) : String(error);
    return { up: false, latencyMs: Math.round(performance.now() - started), error: message };
  }
}
