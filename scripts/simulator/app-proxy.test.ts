// Where the storefront preview forwards /apps/{subpath}/...: shopify.app.toml's [app_proxy] read and
// resolved the way Shopify CLI resolves it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appProxyTarget, devAppProxy, readAppProxyConfig } from "./app-proxy";

const dir = mkdtempSync(join(tmpdir(), "app-proxy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function toml(body: string): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(file, `application_url = "https://app.example.com"\n\n${body}`);
  return file;
}

describe("app proxy configuration", () => {
  it("appends a path url to application_url as Shopify CLI does, keeping application_url's own path", () => {
    expect(appProxyTarget("/proxy", "https://app.example.com")).toBe("https://app.example.com/proxy");
    expect(appProxyTarget("/proxy", "https://app.example.com/")).toBe("https://app.example.com/proxy");
    expect(appProxyTarget("/proxy", "https://app.example.com/base//")).toBe("https://app.example.com/base/proxy");
    expect(appProxyTarget("https://proxy.example.com/p", "https://app.example.com")).toBe("https://proxy.example.com/p");
  });

  it("reads the project's [app_proxy] and points it at the local app server", () => {
    const config = readAppProxyConfig();
    // The CLI accepts only an HTTPS URL or a path; the path keeps the proxy on application_url.
    expect(config.url).toMatch(/^(\/|https:\/\/)/);
    const proxy = devAppProxy("http://127.0.0.1:3000", config);
    expect(proxy).toEqual({ target: "http://127.0.0.1:3000/proxy", prefix: "apps", subpath: "retention" });
  });

  it("keeps an absolute url's path on the dev server, as `shopify app dev` does", () => {
    const config = readAppProxyConfig(toml('[app_proxy]\nurl = "https://app.example.com/storefront-proxy"\nprefix = "a"\nsubpath = "s"\n'));
    expect(devAppProxy("http://127.0.0.1:4000", config)).toEqual({
      target: "http://127.0.0.1:4000/storefront-proxy",
      prefix: "a",
      subpath: "s",
    });
    expect(devAppProxy("http://127.0.0.1:4000/", { ...config, url: "/" }).target).toBe("http://127.0.0.1:4000");
  });

  it("refuses an [app_proxy] without url, prefix or subpath", () => {
    expect(() => readAppProxyConfig(toml('[app_proxy]\nurl = "/proxy"\nprefix = "apps"\n'))).toThrow(
      /needs string url, prefix and subpath/,
    );
    expect(() => readAppProxyConfig(toml(""))).toThrow(/\[app_proxy\]/);
  });
});
