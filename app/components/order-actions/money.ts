// Money for order actions, shared by the server (limits, allocation) and the modals (estimates, display).
// Amounts travel as decimal strings ("49.00"); arithmetic is exact in 1/10,000 units, as the database keeps them.

const SCALE = 10_000n;
const MONEY = /^-?\d+(\.\d+)?$/;

export function isMoney(value: string): boolean {
  return MONEY.test(value.trim());
}

/** "49.5" → 495000n (units of 1/10,000). */
export function toUnits(value: string | number): bigint {
  const text = typeof value === "number" ? value.toFixed(4) : value.trim();
  if (!MONEY.test(text)) throw new Error(`not an amount: ${text}`);
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace(/^-/, "").split(".");
  const units = BigInt(whole) * SCALE + BigInt((fraction + "0000").slice(0, 4));
  return negative ? -units : units;
}

/** 495000n → "49.50" (two decimals at least, up to four). */
export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  let fraction = (abs % SCALE).toString().padStart(4, "0").replace(/0+$/, "");
  if (fraction.length < 2) fraction = fraction.padEnd(2, "0");
  return `${negative ? "-" : ""}${abs / SCALE}.${fraction}`;
}

export function sumMoney(values: (string | number)[]): string {
  return fromUnits(values.reduce<bigint>((total, v) => total + toUnits(v), 0n));
}

export function compareMoney(a: string, b: string): number {
  const d = toUnits(a) - toUnits(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

export function minMoney(a: string, b: string): string {
  return compareMoney(a, b) <= 0 ? a : b;
}

/** "150" USD → "US$150.00": the currency is always unambiguous (a $ alone could be US, Canadian, Australian…). */
export function formatMoney(amount: string | number, currency: string): string {
  const value = typeof amount === "number" ? amount : Number(amount);
  try {
    return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency}`;
  }
}
