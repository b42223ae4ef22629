// The dev command `shopify app dev` runs (shopify.web.toml): the Remix dev server and the job
// worker side by side, since webhooks only become work when a worker runs their jobs.
// Either exiting stops the other, so the CLI sees one process.
import { spawn, type ChildProcess } from "node:child_process";

const children: ChildProcess[] = [
  spawn("npx", ["remix", "vite:dev", "--port", process.env.PORT ?? "3000"], { stdio: "inherit" }),
  spawn("npm", ["run", "-s", "worker"], { stdio: "inherit" }),
];

let exiting = false;
const stopAll = (code: number) => {
  if (exiting) return;
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exitCode = code;
};
for (const child of children) child.on("exit", (code) => stopAll(code ?? 1));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stopAll(0));
