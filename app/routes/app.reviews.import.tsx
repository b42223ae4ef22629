import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DropZone,
  EmptyState,
  IndexTable,
  Layout,
  List,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { importErrors, MAX_IMPORT_BYTES, ReviewImportError, startReviewImport } from "../reviews/csv/import.server";
import { downloadFile } from "../components/downloadFile";
import { shopTimeZone } from "../lib/shop-profile.server";
import { countOf, dateFormatter, formatNumber } from "../lib/format";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [imports, timeZone] = await Promise.all([
    db.reviewImport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 10 }),
    shopTimeZone(db, shop),
  ]);
  const formatDate = dateFormatter(timeZone);
  return {
    imports: imports.map((row) => {
      const errors = importErrors(row);
      return {
        id: row.id,
        format: row.format === "judgeme" ? "Judge.me" : "Okendo",
        status: row.status,
        totalRows: row.totalRows,
        processed: row.processed,
        imported: row.imported,
        errors: errors.slice(0, 20),
        errorCount: errors.length,
        started: formatDate(row.createdAt),
      };
    }),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_IMPORT_BYTES + 64 * 1024) {
    return data({ error: "The file is larger than 10 MB. Split it and import the parts." }, { status: 413 });
  }
  const file = (await request.formData()).get("file");
  if (!file || typeof file === "string" || file.size === 0) return data({ error: "Choose a CSV file to import." }, { status: 400 });
  try {
    await startReviewImport(db, shop, { csv: await file.text(), filename: file.name });
    return { ok: true };
  } catch (error) {
    if (error instanceof ReviewImportError) return data({ error: error.message }, { status: 400 });
    throw error;
  }
};

const downloadExport = () => downloadFile("/app/reviews/export", "reviews.csv");

const STATUS_TONE = { queued: "info", running: "attention", done: "success", failed: "critical" } as const;

export default function ReviewImportPage() {
  const { imports } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok?: boolean; error?: string }>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const submit = useSubmit();
  const [file, setFile] = useState<File | null>(null);
  const busy = imports.some((row) => row.status === "queued" || row.status === "running");

  // Progress: refresh while an import is under way.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1500);
    return () => clearInterval(timer);
  }, [busy, revalidator]);

  return (
    <Page
      title="Import reviews"
      backAction={{ url: "/app/reviews" }}
      secondaryActions={[{ content: "Export all reviews (CSV)", onAction: downloadExport }]}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <Form
              method="post"
              encType="multipart/form-data"
              onSubmit={(event) => {
                event.preventDefault();
                if (!file) return;
                const data = new FormData();
                data.set("file", file);
                submit(data, { method: "post", encType: "multipart/form-data" });
              }}
            >
              <BlockStack gap="300">
                <Text as="p">
                  Upload a reviews export from Judge.me or Okendo. Imported reviews are never marked as verified purchases; each row with a
                  problem is reported below and the rest are imported.
                </Text>
                {result?.error ? <Banner tone="critical">{result.error}</Banner> : null}
                {result?.ok ? <Banner tone="success">Import started. Progress appears below.</Banner> : null}
                <DropZone
                  accept=".csv,text/csv"
                  type="file"
                  allowMultiple={false}
                  onDrop={(_all, accepted) => setFile(accepted[0] ?? null)}
                  label="CSV file"
                >
                  {file ? <DropZone.FileUpload actionTitle={file.name} /> : <DropZone.FileUpload actionHint="Accepts .csv up to 10 MB" />}
                </DropZone>
                <Button submit variant="primary" disabled={!file} loading={navigation.state === "submitting"}>
                  Import
                </Button>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "import", plural: "imports" }}
              itemCount={imports.length}
              selectable={false}
              headings={[{ title: "Started" }, { title: "From" }, { title: "Status" }, { title: "Progress" }, { title: "Problems" }]}
              emptyState={
                <EmptyState heading="No imports yet" image="/empty-state.svg">
                  <p>Each file you import appears here with its progress and the rows it could not import.</p>
                </EmptyState>
              }
            >
              {imports.map((row, index) => (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell>{row.started}</IndexTable.Cell>
                  <IndexTable.Cell>{row.format}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={STATUS_TONE[row.status as keyof typeof STATUS_TONE]}>{row.status}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="100">
                      <ProgressBar progress={row.totalRows ? Math.round((row.processed / row.totalRows) * 100) : 0} size="small" />
                      <Text
                        as="span"
                        tone="subdued"
                      >{`${formatNumber(row.processed)} of ${countOf(row.totalRows, "row", "rows")}, ${formatNumber(row.imported)} imported`}</Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {row.errorCount === 0 ? (
                      "None"
                    ) : (
                      <List type="bullet">
                        {row.errors.map((problem) => (
                          <List.Item key={`${problem.row}-${problem.message}`}>{`Row ${problem.row}: ${problem.message}`}</List.Item>
                        ))}
                        {row.errorCount > row.errors.length ? (
                          <List.Item>{`and ${row.errorCount - row.errors.length} more`}</List.Item>
                        ) : null}
                      </List>
                    )}
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
