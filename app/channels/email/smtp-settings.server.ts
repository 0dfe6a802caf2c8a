import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import { z } from "zod";
import { env } from "../../env.server";
import { AppError } from "../../errors.server";
import { getShopSettings, settingsError, updateShopSettings } from "../../shops/settings.server";
import { SMTP_SECURITY, type SmtpSecurity } from "./smtp-security";

/**
 * The shop's outgoing mail server, kept in Shop.settings.smtp. The password is encrypted at rest (AES-256-GCM,
 * key derived from SHOPIFY_API_SECRET with HKDF) and never leaves the server: the page only learns whether
 * one is set, and an empty password field on save keeps the stored one.
 */


// ───────────────────────────── Password encryption ─────────────────────────────

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", env().SHOPIFY_API_SECRET, "casefile-smtp", "smtp-password-v1", 32));
}

/** "v1:<iv>:<tag>:<ciphertext>", base64url parts. */
export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(":");
}

/** The plain secret, or null when it cannot be decrypted (e.g. the app's secret was rotated). */
export function decryptSecret(stored: string): string | null {
  const [version, iv, tag, data] = stored.split(":");
  if (version !== "v1" || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

// ───────────────────────────── Reading and saving ─────────────────────────────

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

/** The form as the settings page posts it (strings); an empty password keeps the stored one. */
export const SmtpForm = z.object({
  host: z
    .string({ error: "enter the server's host name" })
    .trim()
    .min(1, "enter the server's host name, such as smtp.example.com")
    .refine((h) => HOSTNAME.test(h) || IPV4.test(h), "use a host name such as smtp.example.com, without http:// or a port"),
  port: z.coerce
    .number({ error: "enter a port number" })
    .int("enter a whole port number")
    .min(1, "use a port between 1 and 65535 (usually 587, or 465 for TLS)")
    .max(65535, "use a port between 1 and 65535 (usually 587, or 465 for TLS)"),
  security: z.enum(SMTP_SECURITY, { error: "choose STARTTLS, TLS or none" }),
  user: z.string().trim().max(254, "keep the user name under 255 characters").default(""),
  password: z.string().max(1000, "the password is too long").default(""),
  fromAddress: z.string({ error: "enter the address mail is sent from" }).trim().pipe(z.email({ error: "enter an email address such as support@example.com" })),
  fromName: z.string().trim().max(100, "keep the sender name under 100 characters").default(""),
  replyDomain: z
    .string()
    .trim()
    .toLowerCase()
    .refine((d) => d === "" || HOSTNAME.test(d), "use a domain such as reply.example.com (no @, no http://)")
    .default(""),
});

const FIELD_LABELS: Record<string, string> = {
  host: "Server",
  port: "Port",
  security: "Security",
  user: "User name",
  password: "Password",
  fromAddress: "From address",
  fromName: "Sender name",
  replyDomain: "Reply domain",
};

export interface SmtpView {
  configured: boolean;
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  /** Whether a password is stored (the password itself is never sent to the browser). */
  hasPassword: boolean;
  fromAddress: string;
  fromName: string;
  replyDomain: string;
}

/** What the settings page may show: everything but the password. */
export async function getSmtpView(shopId: string): Promise<SmtpView> {
  const smtp = (await getShopSettings(shopId)).smtp;
  if (!smtp) return { configured: false, host: "", port: 587, security: "starttls", user: "", hasPassword: false, fromAddress: "", fromName: "", replyDomain: "" };
  return {
    configured: true,
    host: smtp.host,
    port: smtp.port,
    security: smtp.security,
    user: smtp.user,
    hasPassword: Boolean(smtp.passwordEncrypted),
    fromAddress: smtp.fromAddress,
    fromName: smtp.fromName,
    replyDomain: smtp.replyDomain,
  };
}

/**
 * Validates and stores the form. An empty password keeps the stored one (for the same user); clearing the
 * user name clears the password too. Invalid input is a 400 naming each field (`details.fieldErrors` by field).
 */
export async function saveSmtpSettings(shopId: string, input: unknown): Promise<SmtpView> {
  const parsed = SmtpForm.safeParse(input);
  if (!parsed.success) {
    const error = settingsError(parsed.error.issues.map((i) => ({ ...i, path: ["smtp", ...i.path] })));
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      fieldErrors[field] ??= `${FIELD_LABELS[field] ?? field}: ${issue.message}`;
    }
    throw new AppError("bad_request", `The email settings were not saved. ${Object.values(fieldErrors).join("; ")}.`, { ...error.details, fieldErrors });
  }
  const form = parsed.data;
  const current = (await getShopSettings(shopId)).smtp;
  let passwordEncrypted = "";
  if (form.user) {
    if (form.password) passwordEncrypted = encryptSecret(form.password);
    else if (current && current.user === form.user) passwordEncrypted = current.passwordEncrypted;
    else if (current?.passwordEncrypted && current.user !== form.user) {
      throw new AppError("bad_request", "The email settings were not saved. Password: enter the password for the new user name.", {
        fieldErrors: { password: "Password: enter the password for the new user name" },
      });
    }
  }
  await updateShopSettings(shopId, {
    smtp: {
      host: form.host.toLowerCase(),
      port: form.port,
      security: form.security,
      user: form.user,
      passwordEncrypted,
      fromAddress: form.fromAddress,
      fromName: form.fromName,
      replyDomain: form.replyDomain,
    },
  });
  return getSmtpView(shopId);
}

/** Server-only: everything needed to connect, with the password decrypted. Null when not set up. */
export interface SmtpConfig {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  password: string;
  fromAddress: string;
  fromName: string;
  /** Domain of the per-case Reply-To addresses and Message-IDs: the reply domain, else the from address's. */
  replyDomain: string;
}

export async function loadSmtpConfig(shopId: string): Promise<SmtpConfig | null> {
  const smtp = (await getShopSettings(shopId)).smtp;
  if (!smtp) return null;
  const password = smtp.passwordEncrypted ? decryptSecret(smtp.passwordEncrypted) : "";
  if (password === null) {
    throw new SmtpSetupError("The stored SMTP password can no longer be read (the app's secret changed). An admin needs to enter it again in Settings → Email.");
  }
  return {
    host: smtp.host,
    port: smtp.port,
    security: smtp.security,
    user: smtp.user,
    password,
    fromAddress: smtp.fromAddress,
    fromName: smtp.fromName,
    replyDomain: smtp.replyDomain || smtp.fromAddress.split("@")[1] || "localhost",
  };
}

/** A problem with the settings themselves: sending cannot succeed until an admin fixes them. */
export class SmtpSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SmtpSetupError";
  }
}

// ───────────────────────────── Transport and errors in plain words ─────────────────────────────

const TIMEOUT_MS = 15_000;

export function createSmtpTransport(config: SmtpConfig) {
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === "tls",
    requireTLS: config.security === "starttls",
    ignoreTLS: config.security === "none",
    ...(config.user ? { auth: { user: config.user, pass: config.password } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS * 2,
  });
}

interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const asSmtpError = (error: unknown): SmtpErrorLike => (error && typeof error === "object" ? (error as SmtpErrorLike) : { message: String(error) });

/** The server's own reply without its status codes: "550 5.1.1 No such user" → "No such user". */
function serverReason(e: SmtpErrorLike): string {
  const text = (e.response ?? e.message ?? "").replace(/\s+/g, " ").trim();
  return text.replace(/^\d{3}[ -]?(\d\.\d{1,3}\.\d{1,3} )?/, "").trim() || text;
}

/** Temporary problems (4xx replies, connection trouble) are worth retrying; 5xx, authentication and setup are not. */
export function isTransientSmtpError(error: unknown): boolean {
  if (error instanceof SmtpSetupError) return false;
  const e = asSmtpError(error);
  if (e.code === "EAUTH" || e.code === "ENOAUTH") return false;
  if (typeof e.responseCode === "number") return e.responseCode >= 400 && e.responseCode < 500;
  return ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EPROTOCOL"].includes(e.code ?? "");
}

/** What went wrong, in words a merchant can act on, with the server's own reason where it gave one. */
export function smtpErrorInWords(error: unknown, config?: Pick<SmtpConfig, "host" | "port"> | null): string {
  if (error instanceof SmtpSetupError) return error.message;
  const e = asSmtpError(error);
  const where = config ? `${config.host}:${config.port}` : "the email server";
  const message = e.message ?? "";
  const code = typeof e.responseCode === "number" ? ` (${e.responseCode})` : "";
  if (e.code === "EAUTH") return `The email server refused the user name or password: ${serverReason(e)}${code}.`;
  if (e.code === "ENOAUTH") return "The email server asks for a user name and password. Add them in Settings → Email.";
  if (typeof e.responseCode === "number" && e.responseCode === 530) return `The email server requires signing in first: ${serverReason(e)}${code}. Add a user name and password in Settings → Email.`;
  if (e.code === "EENVELOPE" && typeof e.responseCode === "number") return `The email server refused the recipient: ${serverReason(e)}${code}.`;
  if (typeof e.responseCode === "number") return `The email server refused the message: ${serverReason(e)}${code}.`;
  if (/ENOTFOUND|EAI_AGAIN/.test(message) || e.code === "EDNS") return `The email server ${config?.host ?? ""} could not be found. Check the server name in Settings → Email.`.replace("  ", " ");
  if (/ECONNREFUSED/.test(message)) return `Could not connect to ${where}: the connection was refused. Check the server name and port in Settings → Email.`;
  if (e.code === "ETIMEDOUT" || /timeout/i.test(message)) return `${where} did not answer in time. Check the server name and port, or try again later.`;
  if (/certificate|TLS|SSL|wrong version number/i.test(message)) return `A secure connection to ${where} could not be set up (${message}). Check the Security choice and the port (465 uses TLS, 587 uses STARTTLS).`;
  if (e.code === "ECONNECTION" || e.code === "ESOCKET") return `The connection to ${where} failed: ${message}.`;
  return message ? `Sending failed: ${message}` : "Sending failed for an unknown reason.";
}

/**
 * Sends a short test email to `to` with the shop's settings. Throws an AppError (400) whose message says,
 * in plain words, why it failed.
 */
export async function sendTestEmail(shopId: string, to: string, shopName: string): Promise<{ to: string }> {
  const address = z.email().safeParse(to);
  if (!address.success) throw new AppError("bad_request", "Your staff account has no valid email address to send the test to.");
  let config: SmtpConfig | null = null;
  try {
    config = await loadSmtpConfig(shopId);
    if (!config) throw new SmtpSetupError("No email server is set up yet. Fill in and save the settings first.");
    const transport = createSmtpTransport(config);
    try {
      await transport.sendMail({
        from: { name: config.fromName || shopName, address: config.fromAddress },
        to: address.data,
        subject: `Test email from ${shopName}`,
        text: `This is a test email from ${shopName}'s support app. Replies to customers will be sent through ${config.host}.`,
      });
    } finally {
      transport.close();
    }
    return { to: address.data };
  } catch (error) {
    throw new AppError("bad_request", `The test email was not sent. ${smtpErrorInWords(error, config)}`);
  }
}
