// The links in emails, over HTTP: unsubscribe (confirm page, form POST, RFC 8058 one-click
// POST) and the satisfaction answer (confirm page, record, change, comment), with tampered and
// malformed links refused before anything is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveRoute } from "../support/route-server";
import { surveyUrls, unsubscribeUrl } from "../../app/emails/email-links";

const SHOP = "links-test.myshopify.com";
const SECRET = process.env.SHOPIFY_API_SECRET!;
const APP_URL = "http://app.example";
let db: typeof import("../../app/db.server").default;
let unsubscribe: { url: string; close(): Promise<void> };
let survey: { url: string; close(): Promise<void> };

type Route = typeof import("../../app/routes/email.survey");
/** What Remix does with a route module: GET and HEAD go to the loader, other methods to the action. */
const dispatch = (route: Route) => (args: { request: Request }) =>
  args.request.method === "GET" || args.request.method === "HEAD" ? route.loader(args as never) : route.action(args as never);

beforeAll(async () => {
  db = (await import("../../app/db.server")).default;
  unsubscribe = await serveRoute(dispatch(await import("../../app/routes/email.unsubscribe")));
  survey = await serveRoute(dispatch(await import("../../app/routes/email.survey")));
  await db.shop.create({
    data: { domain: SHOP, name: "Links & Co", email: "owner@links.example", storefrontUrl: "https://links.example" },
  });
  for (const [n, locale] of [
    [1, "en"],
    [2, "el"],
  ] as const) {
    await db.order.create({
      data: {
        id: `gid://shopify/Order/${n}`,
        shop: SHOP,
        name: `#100${n}`,
        email: `customer${n}@example.com`,
        customerId: `gid://shopify/Customer/${n}`,
        customerLocale: locale,
        currencyCode: "EUR",
        presentmentCurrencyCode: "EUR",
        totalPrice: "20.00",
        presentmentTotalPrice: "20.00",
        subtotalPrice: "15.00",
        financialStatus: "paid",
        processedAt: new Date(),
        paidAt: new Date(),
        lineItems: [],
      },
    });
    await db.emailMessage.create({
      data: {
        id: `msg-${n}`,
        shop: SHOP,
        orderId: `gid://shopify/Order/${n}`,
        orderName: `#100${n}`,
        flow: "thank_you",
        step: 0,
        idempotencyKey: `gid://shopify/Order/${n}:thank_you:0`,
        template: "thank_you_first",
        recipient: `customer${n}@example.com`,
        locale,
        status: "sent",
        scheduledFor: new Date(),
        sentAt: new Date(),
      },
    });
  }
});

afterAll(async () => {
  await unsubscribe?.close();
  await survey?.close();
});

/** The link as an email carries it, pointed at the test server. */
const onServer = (link: string, server: { url: string }) => link.replace(APP_URL, server.url);
const unsubscribeLink = (email: string, locale: "en" | "el" = "en") =>
  onServer(unsubscribeUrl(APP_URL, { shop: SHOP, email, locale }, SECRET), unsubscribe);
const surveyLink = (messageId: string, score: number | string, locale: "en" | "el" = "en") => {
  const link = surveyUrls(APP_URL, { shop: SHOP, messageId, locale }, SECRET)[0]!.url.replace(/score=1$/, `score=${score}`);
  return onServer(link, survey);
};
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
/** Same signature, another address in the payload: what an attacker would try. */
function forge(link: string, change: (claims: Record<string, unknown>) => void): string {
  const url = new URL(link);
  const [payload, signature] = url.searchParams.get("token")!.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
  change(claims);
  url.searchParams.set("token", `${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`);
  return url.toString();
}
const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});
const suppressions = () => db.emailSuppression.findMany({ where: { shop: SHOP }, orderBy: { email: "asc" } });

function expectPublicPageHeaders(response: Response) {
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(response.headers.get("cache-control")).toBe("private, no-store");
  expect(response.headers.get("x-robots-tag")).toBe("noindex");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
}

describe("unsubscribe link", () => {
  it("asks before unsubscribing: opening the link changes nothing", async () => {
    const response = await fetch(unsubscribeLink("Customer1@Example.com"));
    expect(response.status).toBe(200);
    expectPublicPageHeaders(response);
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Unsubscribe customer1@example.com from Links &amp; Co emails?</h1>");
    expect(html).toContain('<form method="post">');
    expect(await suppressions()).toEqual([]);
  });

  it("unsubscribes when the page's button posts the form", async () => {
    const link = unsubscribeLink("customer1@example.com");
    const response = await fetch(link, form({ token: tokenOf(link) }));
    expect(response.status).toBe(200);
    expectPublicPageHeaders(response);
    const html = await response.text();
    expect(html).toContain("<h1>You&#39;re unsubscribed</h1>");
    expect(html).toContain("customer1@example.com will no longer receive these emails from Links &amp; Co.");
    expect(await suppressions()).toMatchObject([{ email: "customer1@example.com", reason: "unsubscribed" }]);

    // Twice is harmless.
    expect((await fetch(link, form({ token: tokenOf(link) }))).status).toBe(200);
    expect(await suppressions()).toHaveLength(1);
  });

  it("takes the RFC 8058 one-click POST a mail provider sends to the List-Unsubscribe URL", async () => {
    const response = await fetch(unsubscribeLink("customer2@example.com", "el"), form({ "List-Unsubscribe": "One-Click" }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="el">');
    expect(html).toContain("Η διαγραφή σας ολοκληρώθηκε");
    expect((await suppressions()).map((row) => row.email)).toEqual(["customer1@example.com", "customer2@example.com"]);

    // multipart/form-data is allowed by the RFC too.
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    expect((await fetch(unsubscribeLink("customer3@example.com"), { method: "POST", body })).status).toBe(200);
    expect(await suppressions()).toHaveLength(3);
  });

  it("shows the confirmation in the email's language", async () => {
    const html = await (await fetch(unsubscribeLink("maria@example.com", "el"))).text();
    expect(html).toContain('<html lang="el">');
    expect(html).toContain("<h1>Διαγραφή του maria@example.com από τα email του Links &amp; Co;</h1>");
  });

  it("names the shop by its domain when the app holds no name for it", async () => {
    const link = onServer(
      unsubscribeUrl(APP_URL, { shop: "gone.myshopify.com", email: "a@example.com", locale: "en" }, SECRET),
      unsubscribe,
    );
    expect(await (await fetch(link)).text()).toContain("<h1>Unsubscribe a@example.com from gone.myshopify.com emails?</h1>");
  });

  it("refuses a tampered, truncated or missing token with 400 and writes nothing", async () => {
    const before = await suppressions();
    const forged = forge(unsubscribeLink("attacker@example.com"), (claims) => (claims.email = "victim@example.com"));
    const truncated = unsubscribeLink("victim@example.com").slice(0, -5);
    for (const link of [forged, truncated, `${unsubscribe.url}/`, `${unsubscribe.url}/?token=`]) {
      const get = await fetch(link, { headers: { "accept-language": "el-GR,el;q=0.9" } });
      expect(get.status).toBe(400);
      expectPublicPageHeaders(get);
      expect(await get.text()).toContain("<h1>Αυτός ο σύνδεσμος δεν είναι έγκυρος</h1>");
      const post = await fetch(link, form({ "List-Unsubscribe": "One-Click" }));
      expect(post.status).toBe(400);
      expect(await post.text()).toContain("<h1>This link is not valid</h1>");
    }
    // A survey token is signed for another purpose.
    const surveyToken = tokenOf(surveyLink("msg-1", 5));
    expect((await fetch(`${unsubscribe.url}/?token=${surveyToken}`, form({ token: surveyToken }))).status).toBe(400);
    expect(await suppressions()).toEqual(before);
  });
});

describe("satisfaction survey link", () => {
  const answers = () => db.surveyAnswer.findMany({ where: { shop: SHOP } });
  const tasks = () => db.merchantTask.findMany({ where: { shop: SHOP, kind: "unhappy_survey" } });
  /** What the confirmation page's button posts. */
  const answer = (link: string, score: string) => fetch(link, form({ token: tokenOf(link), intent: "answer", score }));

  it("asks before recording: opening the link shows the clicked score chosen, with a button, and records nothing", async () => {
    // A link checker's HEAD and a scanner's GET record nothing.
    expect((await fetch(surveyLink("msg-1", 1), { method: "HEAD" })).status).toBe(200);
    const response = await fetch(surveyLink("msg-1", 4));
    expect(response.status).toBe(200);
    expectPublicPageHeaders(response);
    const html = await response.text();
    expect(html).toContain("<h1>How was your experience?</h1>");
    expect(html).toContain('<form method="post">');
    expect(html).toContain('<input type="hidden" name="intent" value="answer">');
    expect(html).toContain('<input type="radio" name="score" value="4" required checked> 4</label>');
    expect(html.match(/ checked>/g)).toHaveLength(1);
    expect(html).toContain('<button type="submit">Send my answer</button>');
    expect(await answers()).toEqual([]);
    expect(await tasks()).toEqual([]);
  });

  it("records the answer the page's button posts, and shows it with a comment box", async () => {
    const response = await answer(surveyLink("msg-1", 4), "4");
    expect(response.status).toBe(200);
    expectPublicPageHeaders(response);
    const html = await response.text();
    expect(html).toContain("You rated your experience 4 out of 5.");
    expect(html).not.toContain("will be in touch");
    expect(html).toContain('<label for="comment">Tell us more</label>');
    expect(await answers()).toMatchObject([{ messageId: "msg-1", orderId: "gid://shopify/Order/1", score: 4 }]);
    expect(await tasks()).toEqual([]);
  });

  it("changes the answer when posted again; a low score asks the merchant to follow up, once", async () => {
    const response = await answer(surveyLink("msg-1", 2), "2");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("You rated your experience 2 out of 5.");
    expect(html).toContain("Links &amp; Co will be in touch");
    expect(await answers()).toMatchObject([{ messageId: "msg-1", score: 2 }]);
    // The score chosen on the page counts, whichever link opened it.
    expect((await answer(surveyLink("msg-1", 5), "1")).status).toBe(200);
    expect(await answers()).toMatchObject([{ messageId: "msg-1", score: 1 }]);
    const open = await tasks();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      kind: "unhappy_survey",
      status: "open",
      summary: expect.stringMatching(/^Order #1001: rated the experience [12]\/5/),
    });
  });

  it("saves the comment posted from the page", async () => {
    const link = surveyLink("msg-1", 1);
    const response = await fetch(link, form({ token: tokenOf(link), score: "1", comment: "  The parcel arrived <b>crushed</b>.  " }));
    expect(response.status).toBe(200);
    expectPublicPageHeaders(response);
    const html = await response.text();
    expect(html).toContain("<h1>Thanks for your feedback</h1>");
    expect(await answers()).toMatchObject([{ messageId: "msg-1", score: 1, comment: "The parcel arrived <b>crushed</b>." }]);
    expect((await tasks())[0]!.summary).toContain("The parcel arrived <b>crushed</b>.");
  });

  it("asks again for an empty comment", async () => {
    const link = surveyLink("msg-1", 1);
    const response = await fetch(link, form({ token: tokenOf(link), score: "1", comment: "   " }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('role="alert">Please write a few words before sending.');
    expect((await answers())[0]!.comment).toBe("The parcel arrived <b>crushed</b>.");
  });

  it("keeps a comment without the characters a database cannot store, and asks again for one that shows nothing", async () => {
    const link = surveyLink("msg-1", 1);
    const response = await fetch(link, form({ token: tokenOf(link), score: "1", comment: "The lid\u0000 was cracked." }));
    expect(response.status).toBe(200);
    expect((await answers())[0]!.comment).toBe("The lid was cracked.");
    const invisible = await fetch(link, form({ token: tokenOf(link), score: "1", comment: "\u200B\u200D\u0000 " }));
    expect(invisible.status).toBe(400);
    expect(await invisible.text()).toContain('role="alert">Please write a few words before sending.');
    expect((await answers())[0]!.comment).toBe("The lid was cracked.");
  });

  it("answers in the email's language", async () => {
    const link = surveyLink("msg-2", 5, "el");
    const page = await (await fetch(link)).text();
    expect(page).toContain('<html lang="el">');
    expect(page).toContain("<h1>Πώς ήταν η εμπειρία σας;</h1>");
    expect(page).toContain("Αποστολή απάντησης</button>");
    const response = await answer(link, "5");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="el">');
    expect(html).toContain("Βαθμολογήσατε την εμπειρία σας με 5 στα 5.");
  });

  it("refuses a bad score, a tampered token and an unknown email with 400, recording nothing", async () => {
    const before = await answers();
    for (const score of ["0", "6", "2.5", "abc", ""]) {
      const response = await fetch(surveyLink("msg-1", score));
      expect(response.status, `score=${score}`).toBe(400);
      expect(await response.text()).toContain("This link is not valid");
      expect((await answer(surveyLink("msg-1", 3), score)).status, `posted score=${score}`).toBe(400);
    }
    expect((await fetch(surveyLink("msg-1", 3).replace(/&score=3$/, ""))).status).toBe(400);
    const forged = forge(surveyLink("msg-1", 5), (claims) => (claims.messageId = "msg-2"));
    expect((await fetch(forged)).status).toBe(400);
    expect((await answer(forged, "5")).status).toBe(400);
    expect((await fetch(forged, form({ token: tokenOf(forged), comment: "forged" }))).status).toBe(400);
    expect((await fetch(surveyLink("msg-unknown", 5))).status).toBe(400);
    expect((await answer(surveyLink("msg-unknown", 5), "5")).status).toBe(400);
    // An unsubscribe token is signed for another purpose.
    expect((await fetch(`${survey.url}/?token=${tokenOf(unsubscribeLink("customer1@example.com"))}&score=5`)).status).toBe(400);
    expect(await answers()).toEqual(before);
    expect(await tasks()).toHaveLength(1);
  });

  it("does not take a comment before an answer", async () => {
    await db.emailMessage.create({
      data: {
        id: "msg-3",
        shop: SHOP,
        orderId: "gid://shopify/Order/2",
        orderName: "#1002",
        flow: "thank_you",
        step: 0,
        idempotencyKey: "o2:thank_you:x",
        template: "thank_you_first",
        recipient: "customer2@example.com",
        locale: "en",
        status: "sent",
        scheduledFor: new Date(),
      },
    });
    const link = surveyLink("msg-3", 3);
    const response = await fetch(link, form({ token: tokenOf(link), comment: "Hello" }));
    expect(response.status).toBe(400);
    expect(await db.surveyAnswer.count({ where: { messageId: "msg-3" } })).toBe(0);
  });
});
