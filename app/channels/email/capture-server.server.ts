import { SMTPServer, type SMTPServerAddress, type SMTPServerAuthentication, type SMTPServerSession } from "smtp-server";
import { simpleParser, type AddressObject } from "mailparser";

/**
 * A real SMTP server on this machine that keeps what it receives: the demo's outgoing mail server (shown on
 * the "Sent mail" page) and the tests' (which assert on the headers a customer's mail program would see).
 * No TLS. It can be told to refuse like real servers do (a 550 for a recipient, a 451 for now, a login).
 */

export interface CapturedMessage {
  id: number;
  receivedAt: string;
  envelope: { from: string; to: string[] };
  subject: string;
  from: string;
  to: string;
  replyTo: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
  date: string | null;
  text: string;
  html: string;
  headers: Record<string, string>;
  raw: string;
}

export interface Refusal {
  code: number;
  message: string;
}

export interface CaptureBehaviour {
  /** Refuse every recipient (RCPT TO) with this reply. */
  rejectRecipient?: Refusal | null;
  /** Refuse the message after DATA with this reply. */
  rejectData?: Refusal | null;
  /** Require this login (AUTH PLAIN/LOGIN); a wrong one is refused with 535. */
  auth?: { user: string; pass: string } | null;
}

export interface CaptureServer {
  port: number;
  host: string;
  /** Newest last. */
  messages: CapturedMessage[];
  /** Change how the server answers from now on. */
  setBehaviour(behaviour: CaptureBehaviour): void;
  stop(): Promise<void>;
}

const MAX_KEPT = 200;
const MAX_SIZE = 10 * 1024 * 1024;

const refusal = (r: Refusal) => Object.assign(new Error(r.message), { responseCode: r.code });
const addressText = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a.map((x) => x.text).join(", ") : (a?.text ?? ""));

export async function startCaptureServer({ port = 0, host = "127.0.0.1", behaviour = {} }: { port?: number; host?: string; behaviour?: CaptureBehaviour } = {}): Promise<CaptureServer> {
  let current: CaptureBehaviour = { ...behaviour };
  const messages: CapturedMessage[] = [];
  let nextId = 1;

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    size: MAX_SIZE,
    banner: "Casefile capture server",
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
      const expected = current.auth;
      if (!expected || (auth.username === expected.user && auth.password === expected.pass)) return callback(null, { user: auth.username ?? "user" });
      callback(refusal({ code: 535, message: "5.7.8 Authentication credentials invalid" }));
    },
    onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession, callback) {
      if (current.auth && !session.user) return callback(refusal({ code: 530, message: "5.7.0 Authentication required" }));
      callback();
    },
    onRcptTo(_address: SMTPServerAddress, _session: SMTPServerSession, callback) {
      if (current.rejectRecipient) return callback(refusal(current.rejectRecipient));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (current.rejectData) return callback(refusal(current.rejectData));
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            const headers: Record<string, string> = {};
            for (const line of mail.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
            messages.push({
              id: nextId++,
              receivedAt: new Date().toISOString(),
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              subject: mail.subject ?? "",
              from: addressText(mail.from),
              to: addressText(mail.to),
              replyTo: addressText(mail.replyTo),
              messageId: mail.messageId ?? "",
              inReplyTo: mail.inReplyTo ?? "",
              references: typeof mail.references === "string" ? [mail.references] : (mail.references ?? []),
              date: mail.date ? mail.date.toISOString() : null,
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              headers,
              raw: raw.toString("utf8"),
            });
            if (messages.length > MAX_KEPT) messages.splice(0, messages.length - MAX_KEPT);
            callback();
          })
          .catch((error: unknown) => callback(refusal({ code: 554, message: `5.6.0 Message could not be parsed: ${error instanceof Error ? error.message : String(error)}` })));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", () => undefined); // a client's broken connection must not crash the process
  const address = server.server.address();
  const bound = typeof address === "object" && address ? address.port : port;

  return {
    port: bound,
    host,
    messages,
    setBehaviour(behaviour) {
      current = { ...behaviour };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The demo's capture server, shared between the script that starts it and the bundled server that shows it.
const KEY = Symbol.for("casefile.demoCaptureServer");
const processGlobal = globalThis as unknown as Record<symbol, CaptureServer | undefined>;

export function setDemoCaptureServer(server: CaptureServer | undefined): void {
  processGlobal[KEY] = server;
}

export function demoCaptureServer(): CaptureServer | undefined {
  return processGlobal[KEY];
}
