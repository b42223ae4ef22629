import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { useState } from "react";
import { login } from "../shopify.server";
import { env } from "../config.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  // Shopify admin opens the app with ?shop=...; the local demo has no OAuth to go through.
  if (url.searchParams.get("shop") || env().DEMO_SHOP) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

// Installing from outside Shopify admin: start OAuth for the shop the merchant types.
export const action = async ({ request }: ActionFunctionArgs) => {
  const errors = await login(request);
  return { shopError: errors?.shop ? "Enter your store's domain, like example.myshopify.com" : undefined };
};

export default function Landing() {
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  return (
    <PolarisAppProvider i18n={polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingLg" as="h1">
                Retention: reviews, loyalty, post-purchase emails
              </Text>
              <TextField
                label="Shop domain"
                name="shop"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={actionData?.shopError}
              />
              <Button submit variant="primary">
                Log in
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
