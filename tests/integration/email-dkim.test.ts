// DKIM: with DKIM_* set, every email leaves signed for the configured domain and selector.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startMailSink, type MailSink } from "../../scripts/mail-sink/server";
import { createMailer } from "../../app/emails/transport.server";

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
});
afterAll(async () => {
  await sink.close();
});

it("signs with the configured domain and selector, and without DKIM_* sends unsigned", async () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const mail = {
    from: { name: "Demo Store", address: "notifications@retention.test" },
    to: "buyer@example.com",
    subject: "Signed",
    html: "<p>Hello</p>",
    text: "Hello",
    messageId: "<dkim-test@retention.test>",
    headers: {},
  };
  // The environment form: line breaks written as \n.
  const signed = createMailer({
    SMTP_URL: sink.smtpUrl,
    DKIM_DOMAIN: "retention.test",
    DKIM_SELECTOR: "mail2026",
    DKIM_PRIVATE_KEY: pem.replace(/\n/g, "\\n"),
  });
  const plain = createMailer({ SMTP_URL: sink.smtpUrl, DKIM_DOMAIN: undefined, DKIM_SELECTOR: undefined, DKIM_PRIVATE_KEY: undefined });
  await signed.send(mail);
  await plain.send({ ...mail, subject: "Unsigned", messageId: "<plain-test@retention.test>" });
  const [first, second] = await sink.waitFor(2);
  signed.close();
  plain.close();

  const signature = first!.headers["dkim-signature"];
  expect(signature).toBeDefined();
  expect(signature).toMatch(/d=retention\.test/);
  expect(signature).toMatch(/s=mail2026/);
  expect(signature).toMatch(/a=rsa-sha256/);
  expect(second!.headers["dkim-signature"]).toBeUndefined();
});
