// A local SMTP server that keeps every message it receives and shows them in the
// browser. The demo points SMTP_URL at it; tests use it as the real SMTP peer.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

export interface CapturedMail {
  id: number;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
}

export interface MailSink {
  smtpPort: number;
  smtpUrl: string;
  viewerUrl: string | null;
  messages: CapturedMail[];
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

export interface MailSinkOptions {
  smtpPort?: number;
  viewerPort?: number;
  /** Rejects a recipient permanently (550), as a receiving server does for an unknown mailbox. */
  rejectRecipient?: (address: string) => boolean;
}

/** By default, mailboxes named bounce@… do not exist: the demo's way to show a hard bounce. */
const isBounceAddress = (address: string) => address.toLowerCase().startsWith("bounce@");

export async function startMailSink({
  smtpPort = 0,
  viewerPort,
  rejectRecipient = isBounceAddress,
}: MailSinkOptions = {}): Promise<MailSink> {
  const messages: CapturedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!rejectRecipient(address.address)) return callback();
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 });
      callback(error);
    },
    async onData(stream, session, callback) {
      try {
        const parsed = await simpleParser(stream);
        const headers: Record<string, string> = {};
        for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.key.length + 1).trim();
        messages.push({
          id: messages.length + 1,
          receivedAt: new Date().toISOString(),
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          from: parsed.from?.text ?? "",
          to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : (parsed.to?.text ?? ""),
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: parsed.html || null,
          headers,
        });
        for (const waiter of [...waiters]) {
          if (messages.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
  const port = (smtp.server.address() as AddressInfo).port;

  let viewer: http.Server | null = null;
  if (viewerPort !== undefined) {
    viewer = http.createServer((req, res) => serveViewer(messages, req, res));
    await new Promise<void>((resolve) => viewer!.listen(viewerPort, "127.0.0.1", resolve));
  }

  return {
    smtpPort: port,
    smtpUrl: `smtp://127.0.0.1:${port}`,
    viewerUrl: viewer ? `http://127.0.0.1:${(viewer.address() as AddressInfo).port}` : null,
    messages,
    waitFor(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} mails, got ${messages.length}`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(messages)) });
      });
    },
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (viewer) await new Promise<void>((resolve) => viewer!.close(() => resolve()));
    },
  };
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function serveViewer(messages: CapturedMail[], req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/messages.json") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(messages));
    return;
  }
  const html = url.pathname.match(/^\/messages\/(\d+)\/html$/);
  if (html) {
    const message = messages[Number(html[1]) - 1];
    if (!message) return void res.writeHead(404).end("No such message");
    // Sandboxed by CSP: mail HTML is shown as the recipient would see it, without scripts.
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": "script-src 'none'" })
      .end(message.html ?? `<pre>${escapeHtml(message.text)}</pre>`);
    return;
  }
  const one = url.pathname.match(/^\/messages\/(\d+)$/);
  const selected = one ? messages[Number(one[1]) - 1] : undefined;
  const list = [...messages]
    .reverse()
    .map(
      (m) =>
        `<li><a href="/messages/${m.id}">${escapeHtml(m.subject || "(no subject)")}</a> <small>to ${escapeHtml(m.to)} · ${escapeHtml(m.receivedAt)}</small></li>`,
    )
    .join("");
  const detail = selected
    ? `<h2>${escapeHtml(selected.subject)}</h2><p>From ${escapeHtml(selected.from)} to ${escapeHtml(selected.to)}</p>
       <iframe title="Message" sandbox="allow-popups allow-popups-to-escape-sandbox" src="/messages/${selected.id}/html" style="width:100%;height:70vh;border:1px solid #ccc"></iframe>
       <details><summary>Text part and headers</summary><pre>${escapeHtml(selected.text)}</pre><pre>${escapeHtml(JSON.stringify(selected.headers, null, 2))}</pre></details>`
    : "<p>Select a message.</p>";
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
    .end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mail sink</title>
<style>body{font:14px system-ui;margin:0;display:grid;grid-template-columns:340px 1fr;min-height:100vh}nav{border-right:1px solid #ddd;padding:1rem}main{padding:1rem}li{margin:.4rem 0}</style></head>
<body><nav><h1>Mail sink</h1><p>${messages.length} message(s)</p><ul>${list}</ul></nav><main>${detail}</main></body></html>`);
}
