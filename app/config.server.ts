import { z } from "zod";

// Every setting the server reads from the environment, validated once at start-up
// so a misconfiguration fails loudly instead of surfacing as a runtime surprise.

const milliseconds = (name: string, min: number) => z.coerce.number().int().min(min, `${name} must be at least ${min}`);

// What the database client needs (app/db.server.ts), apart from the rest so that scripts and
// tests opening a database need no Shopify credentials.
const DatabaseEnvSchema = z.object({
  DATABASE_URL: z.string().default("file:./prisma/dev.sqlite"),
  // PostgreSQL: opening a connection, or waiting for a free one in the pool, fails after this.
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds("DATABASE_CONNECT_TIMEOUT_MS", 100).default(2000),
  // PostgreSQL: one query of the app server. The server cancels it after this; a server that does
  // not even answer that within a second more is taken for hung and the connection is dropped.
  DATABASE_QUERY_TIMEOUT_MS: milliseconds("DATABASE_QUERY_TIMEOUT_MS", 100).default(2000),
  // SQLite: how long a write waits for another process (the worker) to release the database.
  SQLITE_BUSY_TIMEOUT_MS: milliseconds("SQLITE_BUSY_TIMEOUT_MS", 0).default(5000),
});

export type DatabaseEnv = z.infer<typeof DatabaseEnvSchema>;

const EnvSchema = z
  .object({
    ...DatabaseEnvSchema.shape,
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required"),
    SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required"),
    SHOPIFY_APP_URL: z.string().url("SHOPIFY_APP_URL must be a URL"),
    // Optional: `shopify app dev` sets it from shopify.app.toml, which is read when it is absent.
    SCOPES: z
      .string()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    SHOPIFY_ADMIN_API_ORIGIN: z
      .string()
      .url()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    DEMO_SHOP: z
      .string()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    SMTP_URL: z.string().default("smtp://127.0.0.1:2525"),
    // The envelope sender; the From name is each shop's name and replies go to the shop's email.
    MAIL_FROM: z.string().email("MAIL_FROM must be an email address").default("notifications@example.com"),
    // DKIM signing, optional: the private key PEM may have its line breaks written as \n.
    DKIM_DOMAIN: z.string().optional(),
    DKIM_SELECTOR: z.string().optional(),
    DKIM_PRIVATE_KEY: z.string().optional(),
    // Storefront rate limits shared by every app server; counted in memory without it.
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, "REDIS_URL must be a redis:// or rediss:// URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    // `npm start`: how many server processes share the port (node:cluster), e.g. one per core.
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64, "WEB_CONCURRENCY must be 1 to 64").default(1),
    // The worker (`npm run worker`): how often it looks for due jobs, how many it claims at once,
    // and how long a claimed job stays with it (a killed worker's jobs wait this long).
    WORKER_POLL_MS: z.coerce.number().int().min(10, "WORKER_POLL_MS must be at least 10").default(1000),
    WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(100, "WORKER_BATCH_SIZE must be 1 to 100").default(10),
    WORKER_LEASE_MS: z.coerce.number().int().min(1000, "WORKER_LEASE_MS must be at least 1000").optional(),
    // PostgreSQL: one query of a job. Longer than the app server's: a job may delete or sum a
    // whole shop's rows, and no shopper waits on it.
    WORKER_QUERY_TIMEOUT_MS: milliseconds("WORKER_QUERY_TIMEOUT_MS", 100).default(60_000),
    // Proxies in front of `npm start` that append to X-Forwarded-For: the guest rate-limit key is
    // the address the outermost of them saw. Shopify's app proxy (which sends the shopper's
    // address) and one load balancer make 2; 0 takes the address that connected to the server.
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10, "TRUSTED_PROXY_HOPS must be 0 to 10").default(2),
  })
  .refine((env) => !(env.NODE_ENV === "production" && env.DEMO_SHOP), {
    message: "DEMO_SHOP opens the admin without OAuth and is refused when NODE_ENV=production",
    path: ["DEMO_SHOP"],
  });

export type Env = z.infer<typeof EnvSchema>;

function parseWith<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, source: NodeJS.ProcessEnv): T {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  return parseWith(EnvSchema, source);
}

/** Only the database settings (validated the same way). */
export function parseDatabaseEnv(source: NodeJS.ProcessEnv): DatabaseEnv {
  return parseWith(DatabaseEnvSchema, source);
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
