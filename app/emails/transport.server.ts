// Sending over SMTP with nodemailer: SMTP_URL names the server (the demo's local sink, or
// a provider such as Postmark or SES), DKIM_* sign messages when set. Errors are sorted
// into retry-later and never-retry, as the outbox needs.
import nodemailer from "nodemailer";
import type { Env } from "../config.server";
import { env } from "../config.server";

export interface OutgoingMail {
  from: { name: string; address: string };
  replyTo?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable per outbox row, so a resend after a crash is recognisably the same message. */
  messageId: string;
  headers: Record<string, string>;
}

export interface Mailer {
  /** Rejects with the signal's reason once it aborts; the server may still have taken the mail. */
  send(mail: OutgoingMail, signal?: AbortSignal): Promise<{ response: string }>;
  close(): void;
}

export function createMailer(config: Pick<Env, "SMTP_URL" | "DKIM_DOMAIN" | "DKIM_SELECTOR" | "DKIM_PRIVATE_KEY">): Mailer {
  const dkim =
    config.DKIM_DOMAIN && config.DKIM_SELECTOR && config.DKIM_PRIVATE_KEY
      ? { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR, privateKey: config.DKIM_PRIVATE_KEY.replace(/\\n/g, "\n") }
      : undefined;
  const transport = nodemailer.createTransport({
    url: config.SMTP_URL,
    pool: true,
    maxConnections: 3,
    // Fail fast when the server is down; the outbox retries with backoff.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    dkim,
  });
  return {
    async send(mail, signal) {
      signal?.throwIfAborted();
      // nodemailer takes no signal, and closing the pooled connection would fail other sends:
      // the caller stops waiting instead, and treats the mail as possibly sent.
      let onAbort = () => {};
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal?.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
      try {
        const info = await Promise.race([transport.sendMail(mail), aborted]);
        return { response: String(info.response ?? "") };
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
    },
    close: () => transport.close(),
  };
}

let shared: Mailer | undefined;
/** The process's mailer, created on first use from the environment. */
export function sharedMailer(): Mailer {
  shared ??= createMailer(env());
  return shared;
}

export type SendFailure =
  /** The receiving server refused the address for good (5xx at RCPT): a hard bounce. */
  | { kind: "bounced"; reason: string }
  /** Refused for good for another reason (5xx): sending again would fail the same way. */
  | { kind: "rejected"; reason: string }
  /** Connection refused, timeouts, 4xx: try again later. */
  | { kind: "transient"; reason: string };

export function classifySendError(error: unknown): SendFailure {
  const e = error as { message?: string; responseCode?: number; code?: string; command?: string; response?: string };
  const reason = (e.response || e.message || String(error)).slice(0, 500);
  if (typeof e.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600) {
    // Only a refusal of the recipient is a bounce. nodemailer reports a refused sender (5xx at
    // MAIL FROM: an unverified MAIL_FROM, say) as EENVELOPE too; that is our configuration,
    // and must not put the customer on the suppression list.
    return e.code === "EENVELOPE" && e.command === "RCPT TO" ? { kind: "bounced", reason } : { kind: "rejected", reason };
  }
  return { kind: "transient", reason };
}
