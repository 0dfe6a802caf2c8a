export function log(message: string): void {
  console.log(`[${new Date().toISOString()}] ${message}`);
}

/** One clear message and a non-zero exit: for problems a person has to fix before anything can run. */
export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}
