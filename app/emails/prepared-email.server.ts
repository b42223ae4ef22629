// What the outbox (outbox.server.ts) and the emails it sends for other subjects
// (points-expiry.server.ts) share: the outbox's configuration, an email ready to go, and
// rendering the merchant's template with the built-in one as the fallback.
import type { Shop } from "@prisma/client";
import type { Db } from "../db.server";
import { log } from "../lib/log.server";
import { DEFAULT_TEMPLATES } from "./default-templates";
import { renderEmail, type EmailContext, type RenderedEmail } from "./render";
import type { EmailLocale, TemplateKind } from "./template-kinds";
import { loadTemplate } from "./templates.server";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface OutboxConfig {
  appUrl: string;
  /** Signs review, unsubscribe and survey links. */
  secret: string;
  /** Envelope sender address; the display name is the shop's. */
  mailFrom: string;
}

/** An email ready to go after its re-check, or why it no longer goes. */
export type PreparedEmail =
  | {
      status: "send";
      rendered: RenderedEmail;
      headers: Record<string, string>;
      shop: Shop | null;
      /** Kept on the row once sent: why the customer got the built-in email instead of the merchant's. */
      note: string | null;
      afterSend?: (tx: Tx) => Promise<void>;
    }
  | { status: "cancelled" | "skipped" | "suppressed"; reason: string };

const NOTE_MAX = 500;

/**
 * Renders the shop's template for the email. Saved templates are checked, but one can still fail
 * on real data (a render limit): the customer then gets the built-in email rather than none, the
 * failure is logged, and the note says so on the send log.
 */
export async function renderTemplateOrDefault(
  db: Db,
  email: { shop: string; kind: TemplateKind; locale: EmailLocale; messageId: string },
  context: EmailContext,
): Promise<{ rendered: RenderedEmail; note: string | null }> {
  try {
    return { rendered: await renderEmail(await loadTemplate(db, email.shop, email.kind, email.locale), context, email.locale), note: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(
      { shop: email.shop, template: email.kind, locale: email.locale, messageId: email.messageId, err: error },
      "email template failed to render; sending the default",
    );
    const rendered = await renderEmail(DEFAULT_TEMPLATES[email.kind][email.locale], context, email.locale);
    return { rendered, note: `rendered with the default template: ${message}`.slice(0, NOTE_MAX) };
  }
}
