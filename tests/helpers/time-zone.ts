import { afterAll, beforeAll, expect } from "vitest";

/**
 * Runs the enclosing describe block with the process in `zone` (default New York, five hours from UTC in November),
 * for code that must not depend on the machine's zone — pg reads a timestamp without a zone in the local one. Safe
 * only because vitest's pool is "forks": each test file has its own process.
 */
export function inTimeZone(zone = "America/New_York"): void {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
    expect(new Intl.DateTimeFormat().resolvedOptions().timeZone, `the process runs in ${zone}`).toBe(zone);
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}
