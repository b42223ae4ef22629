import { describe, expect, it } from "vitest";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { loader } from "../../app/routes/proxy.session";

const SECRET = process.env.SHOPIFY_API_SECRET!;
const SHOP = "proxy-test.myshopify.com";

async function signed(path: string, params: Record<string, string>) {
  const url = new URL(`http://localhost:3000${path}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return setUpValidRequest({ type: RequestType.Public, store: "proxy-test", apiSecretKey: SECRET }, new Request(url));
}

const call = (request: Request) => loader({ request, params: {}, context: {} }) as Promise<Response>;

describe("app proxy signature", () => {
  it("answers a request Shopify signed, with the logged-in customer", async () => {
    const response = await call(await signed("/proxy/session", { logged_in_customer_id: "42", path_prefix: "/apps/retention" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ loggedIn: true });
  });

  it("treats an empty logged_in_customer_id as a guest", async () => {
    const response = await call(await signed("/proxy/session", { logged_in_customer_id: "", path_prefix: "/apps/retention" }));
    expect(await response.json()).toEqual({ loggedIn: false });
  });

  it("refuses a request whose customer id was changed after signing with 401", async () => {
    const request = await signed("/proxy/session", { logged_in_customer_id: "42" });
    const url = new URL(request.url);
    url.searchParams.set("logged_in_customer_id", "43");
    const outcome = await call(new Request(url)).catch((thrown: unknown) => thrown);
    expect(outcome).toBeInstanceOf(Response);
    expect((outcome as Response).status).toBe(401);
    expect(await (outcome as Response).json()).toEqual({ error: "Invalid app proxy signature" });
  });

  it("refuses an unsigned request with 401", async () => {
    const outcome = await call(new Request(`http://localhost:3000/proxy/session?shop=${SHOP}`)).catch((thrown: unknown) => thrown);
    expect((outcome as Response).status).toBe(401);
  });
});
