// Shared between tests/setup/test-env.ts (which fails a test on an unexpected console.error) and tests.
interface ConsoleGuard {
  errors: unknown[][];
  allowed: number;
}

const KEY = Symbol.for("casefile.consoleGuard");
const store = globalThis as unknown as Record<symbol, ConsoleGuard | undefined>;

export function consoleGuard(): ConsoleGuard {
  store[KEY] ??= { errors: [], allowed: 0 };
  return store[KEY];
}

/** Declare that the current test expects console.error to be called `times` times (a logged failure). */
export function allowConsoleError(times = 1): void {
  consoleGuard().allowed += times;
}
