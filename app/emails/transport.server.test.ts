import net from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailSink, type MailSink } from "../../scripts/mail-sink/server";
import { classifySendError, createMailer, type OutgoingMail } from "./transport.server";

describe("classifySendError", () => {
  it("a permanent refusal of the recipient (5xx, envelope) is a hard bounce", () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
      code: "EENVELOPE",
      command: "RCPT TO",
      responseCode: 550,
      response: "550 5.1.1 <nobody@example.com>: mailbox unavailable",
    });
    expect(classifySendError(error)).toEqual({ kind: "bounced", reason: "550 5.1.1 <nobody@example.com>: mailbox unavailable" });
  });

  it("a refused sender (5xx at MAIL FROM) is rejected, not a bounce: the recipient is not to blame", () => {
    const error = Object.assign(new Error("Mail command failed: 553 5.7.1 Sender address not verified"), {
      code: "EENVELOPE",
      command: "MAIL FROM",
      responseCode: 553,
      response: "553 5.7.1 Sender address not verified",
    });
    expect(classifySendError(error)).toEqual({ kind: "rejected", reason: "553 5.7.1 Sender address not verified" });
  });

  it("another permanent refusal (5xx after the envelope) is rejected, not a bounce", () => {
    const error = Object.assign(new Error("Message failed"), {
      code: "EMESSAGE",
      responseCode: 554,
      response: "554 5.7.1 Message rejected as spam",
    });
    expect(classifySendError(error)).toEqual({ kind: "rejected", reason: "554 5.7.1 Message rejected as spam" });
  });

  it("4xx answers, connection errors and unknown throws are transient", () => {
    expect(
      classifySendError(Object.assign(new Error("x"), { code: "EENVELOPE", responseCode: 451, response: "451 4.7.1 Greylisted" })),
    ).toEqual({
      kind: "transient",
      reason: "451 4.7.1 Greylisted",
    });
    expect(classifySendError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:2525"), { code: "ESOCKET" }))).toEqual({
      kind: "transient",
      reason: "connect ECONNREFUSED 127.0.0.1:2525",
    });
    expect(classifySendError(Object.assign(new Error("Greeting never received"), { code: "ETIMEDOUT" }))).toMatchObject({
      kind: "transient",
    });
    expect(classifySendError("boom")).toEqual({ kind: "transient", reason: "boom" });
  });

  it("keeps the reason short enough to store", () => {
    expect(classifySendError(new Error("x".repeat(2000))).reason).toHaveLength(500);
  });
});

describe("nodemailer's real errors are classified as the outbox expects", () => {
  let sink: MailSink;
  beforeAll(async () => {
    sink = await startMailSink();
  });
  afterAll(() => sink.close());

  const mail = (to: string): OutgoingMail => ({
    from: { name: "Demo Store", address: "notifications@example.com" },
    to,
    subject: "Hello",
    html: "<p>Hello</p>",
    text: "Hello",
    messageId: `<${to.replace("@", ".")}@app.example>`,
    headers: { "List-Unsubscribe": "<https://app.example/u>" },
  });

  it("delivers, bounces an unknown mailbox (550 at RCPT), and treats a server that is down as transient", async () => {
    const mailer = createMailer({ SMTP_URL: sink.smtpUrl, DKIM_DOMAIN: undefined, DKIM_SELECTOR: undefined, DKIM_PRIVATE_KEY: undefined });
    try {
      await mailer.send(mail("buyer@example.com"));
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]!.headers["message-id"]).toBe("<buyer.example.com@app.example>");
      expect(sink.messages[0]!.headers["list-unsubscribe"]).toBe("<https://app.example/u>");

      const bounce = await mailer.send(mail("bounce@example.com")).then(
        () => null,
        (error: unknown) => error,
      );
      expect(classifySendError(bounce)).toEqual({ kind: "bounced", reason: "550 5.1.1 <bounce@example.com>: mailbox unavailable" });
    } finally {
      mailer.close();
    }

    // A port nothing listens on.
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, "127.0.0.1", resolve));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    const down = createMailer({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      DKIM_DOMAIN: undefined,
      DKIM_SELECTOR: undefined,
      DKIM_PRIVATE_KEY: undefined,
    });
    try {
      const error = await down.send(mail("buyer@example.com")).then(
        () => null,
        (e: unknown) => e,
      );
      expect(classifySendError(error)).toEqual({ kind: "transient", reason: `connect ECONNREFUSED 127.0.0.1:${port}` });
    } finally {
      down.close();
    }
    expect(sink.messages).toHaveLength(1);
  });

  it("a server that refuses our sender address does not make the recipient bounce", async () => {
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onMailFrom: (_address, _session, callback) =>
        callback(Object.assign(new Error("5.7.1 Sender address not verified"), { responseCode: 553 })),
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    const port = (refusing.server.address() as net.AddressInfo).port;
    const mailer = createMailer({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      DKIM_DOMAIN: undefined,
      DKIM_SELECTOR: undefined,
      DKIM_PRIVATE_KEY: undefined,
    });
    try {
      const error = await mailer.send(mail("buyer@example.com")).then(
        () => null,
        (e: unknown) => e,
      );
      expect(classifySendError(error)).toEqual({ kind: "rejected", reason: "553 5.7.1 Sender address not verified" });
    } finally {
      mailer.close();
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});
