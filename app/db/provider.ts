// Which database a URL names. Its own module so the app's client (db.server.ts) and the
// migration runner both read it without depending on each other.
export type DbProvider = "sqlite" | "postgresql";

export function providerOf(databaseUrl: string): DbProvider {
  if (databaseUrl.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return "postgresql";
  throw new Error(`Database URL must start with file: or postgresql:// (got "${databaseUrl.split(":")[0]}:")`);
}
