import { z } from "zod";

// Every setting the server reads from the environment, validated once at start-up
// so a misconfiguration fails loudly instead of surfacing as a runtime surprise.
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required"),
    SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required"),
    SHOPIFY_APP_URL: z.string().url("SHOPIFY_APP_URL must be a URL"),
    // Optional: `shopify app dev` sets it from shopify.app.toml, which is read when it is absent.
    SCOPES: z.string().optional().or(z.literal("").transform(() => undefined)),
    DATABASE_URL: z.string().default("file:./prisma/dev.sqlite"),
    SHOPIFY_ADMIN_API_ORIGIN: z.string().url().optional().or(z.literal("").transform(() => undefined)),
    DEMO_SHOP: z.string().optional().or(z.literal("").transform(() => undefined)),
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
    // The worker (`npm run worker`): how often it looks for due jobs, how many it claims at once,
    // and how long a claimed job stays with it (a killed worker's jobs wait this long).
    WORKER_POLL_MS: z.coerce.number().int().min(10, "WORKER_POLL_MS must be at least 10").default(1000),
    WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(100, "WORKER_BATCH_SIZE must be 1 to 100").default(10),
    WORKER_LEASE_MS: z.coerce.number().int().min(1000, "WORKER_LEASE_MS must be at least 1000").optional(),
  })
  .refine((env) => !(env.NODE_ENV === "production" && env.DEMO_SHOP), {
    message: "DEMO_SHOP opens the admin without OAuth and is refused when NODE_ENV=production",
    path: ["DEMO_SHOP"],
  });

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
