// The operation check `npm run codegen` (and `codegen:check` in `npm test`) runs: an operation
// that does not fit Shopify's schema, or uses something deprecated, fails generation.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, type GraphQLEnumType } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import { COUNTRY_CODES } from "../generated/country-codes";
import { countryCodesModule, operationProblems } from "./codegen";
import { adminSchema } from "./introspection";

const schema = adminSchema();
const problems = (operation: string) => operationProblems(schema, [parse(operation)]);

describe("operationProblems", () => {
  it("accepts an operation that fits the schema", () => {
    expect(problems(`query Product($id: ID!) { product(id: $id) { featuredMedia { preview { image { url } } } } }`)).toEqual([]);
  });

  it("refuses a deprecated field", () => {
    expect(problems(`query Product($id: ID!) { product(id: $id) { featuredImage { url } } }`)).toEqual([
      "line 1: The field Product.featuredImage is deprecated. Use `featuredMedia` instead.",
    ]);
    expect(problems(`query Discount($id: ID!) { automaticDiscountNode(id: $id) { id } }`)).toEqual([
      "line 1: The field QueryRoot.automaticDiscountNode is deprecated. Use `discountNode` instead.",
    ]);
  });

  it("refuses an unknown field, a wrong argument and an unused variable", () => {
    expect(problems(`query Shop($unused: ID) { shop { featuredImage } products(firsts: 1) { nodes { id } } }`)).toEqual([
      'line 1: Cannot query field "featuredImage" on type "Shop". Did you mean "features"?',
      'line 1: Unknown argument "firsts" on field "QueryRoot.products". Did you mean "first"?',
      'line 1: Variable "$unused" is never used in operation "Shop".',
    ]);
  });
});

describe("npm run codegen", () => {
  const work = mkdtempSync(join(tmpdir(), "admin-operations-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const root = fileURLToPath(new URL("../../../", import.meta.url));

  /**
   * graphql-codegen, as `npm run codegen` runs it, with graphql.config.ts's operation output
   * pointed at one source file instead of app/shopify. Its error output, or "" when it succeeded.
   */
  async function codegenErrors(name: string, source: string): Promise<string> {
    writeFileSync(join(work, `${name}.ts`), source);
    writeFileSync(
      join(work, `${name}.config.ts`),
      `import base from ${JSON.stringify(join(root, "graphql.config.ts"))};
const output = "app/shopify/generated/admin.generated.d.ts";
export default { ...base, documents: [${JSON.stringify(join(work, `${name}.ts`))}],
  extensions: { codegen: { ...base.extensions.codegen, generates: { [${JSON.stringify(join(work, `${name}.generated.d.ts`))}]: base.extensions.codegen.generates[output] } } } };
`,
    );
    const bin = join(root, "node_modules/.bin/graphql-codegen");
    return new Promise((resolve) => {
      // graphql-codegen prints nothing, errors included, when NODE_ENV is "test" (as vitest sets it).
      const env = { ...process.env, NODE_ENV: "development" as const };
      execFile(bin, ["--config", join(work, `${name}.config.ts`)], { cwd: root, env }, (error, stdout, stderr) => resolve(error ? `${stdout}${stderr}` : ""));
    });
  }

  // Three runs at once: each loads the 11 MB schema.
  const runs = Promise.all([
    codegenErrors("deprecated", "export const q = `#graphql\n  query P($id: ID!) { product(id: $id) { featuredImage { url } } }`;\n"),
    codegenErrors("unknown", "export const q = `#graphql\n  query S { shop { noSuchField } }`;\n"),
    codegenErrors("fits", "export const q = `#graphql\n  query P($id: ID!) { product(id: $id) { featuredMedia { preview { image { url } } } } }`;\n"),
  ]);

  it("fails on a deprecated field and on a field Shopify does not have", async () => {
    const [deprecated, unknown] = await runs;
    expect(deprecated).toContain("deprecated.ts, line 2 of its #graphql string: The field Product.featuredImage is deprecated. Use `featuredMedia` instead.");
    expect(unknown).toContain('Cannot query field "noSuchField" on type "Shop"');
  });

  it("generates the types of an operation that fits", async () => {
    const [, , fits] = await runs;
    expect(fits).toBe("");
    expect(readFileSync(join(work, "fits.generated.d.ts"), "utf8")).toContain("export type PQuery = { product?: { featuredMedia?:");
  });
});

describe("the CountryCode list", () => {
  it("is Shopify's enum as the committed schema has it", () => {
    expect(readFileSync(new URL("../generated/country-codes.ts", import.meta.url), "utf8")).toBe(countryCodesModule(schema));
    const values = (schema.getType("CountryCode") as GraphQLEnumType).getValues().map((value) => value.name);
    expect(Object.keys(COUNTRY_CODES)).toEqual(values);
    expect(COUNTRY_CODES.GB).toBe("United Kingdom");
    // Codes people write that Shopify does not have.
    for (const code of ["UK", "EU", "PR", "GU", "VI"]) expect(values).not.toContain(code);
  });
});
