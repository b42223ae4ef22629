import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import type { MetaFunction, ShouldRevalidateFunction } from "@remix-run/react";
import { Link, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Frame, Navigation } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisOverrides from "../polaris-overrides.css?url";
import { requireAdmin } from "../shopify.server";
import { NavigationLoading } from "../components/NavigationLoading";
import { adminPageTitle, NAV_ITEMS, type AdminLayoutData } from "../nav";

// Every admin page inherits this: its tab is titled after the page, not left as the URL.
export const meta: MetaFunction = ({ location }) => [{ title: adminPageTitle(location.pathname) }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: polarisOverrides },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const loader = async ({ request }: LoaderFunctionArgs): Promise<AdminLayoutData> => {
  const { embedded, shop } = await requireAdmin(request);
  return { apiKey: process.env.SHOPIFY_API_KEY || "", embedded, shop };
};

// The layout's data (API key, embedded or not) never changes after a form post: skip the
// extra authenticated round trip on every save, preview and test send.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod && formMethod.toUpperCase() !== "GET" ? false : defaultShouldRevalidate;

export default function AdminLayout() {
  const { apiKey, embedded } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp={embedded} apiKey={apiKey}>
      {embedded ? (
        <>
          <NavMenu>
            {NAV_ITEMS.map((item) => (
              <Link key={item.url} to={item.url} rel={item.url === "/app" ? "home" : undefined}>
                {item.label}
              </Link>
            ))}
          </NavMenu>
          <NavigationLoading />
          <Outlet />
        </>
      ) : (
        <StandaloneFrame />
      )}
    </AppProvider>
  );
}

/** Outside Shopify admin (the local demo) Polaris' own navigation stands in for App Bridge's. */
function StandaloneFrame() {
  const { pathname } = useLocation();
  const navigation = (
    <Navigation location={pathname}>
      <Navigation.Section
        items={NAV_ITEMS.map((item) => ({
          url: item.url,
          label: item.label,
          selected: item.url === "/app" ? pathname === "/app" : pathname.startsWith(item.url),
        }))}
      />
    </Navigation>
  );
  return (
    <Frame navigation={navigation}>
      <NavigationLoading />
      <Outlet />
    </Frame>
  );
}

// Shopify needs Remix to catch some thrown responses so its headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
