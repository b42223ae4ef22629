// What every benchmark returns, the statistics they share, and the table and RESULTS.md
// that `npm run bench` prints and writes from them.
import os from "node:os";

export interface Measurement {
  name: string;
  /** Formatted with its unit, e.g. "1.9 KB" or "1,234 req/s". */
  value: string;
  /** The issue's budget in words, e.g. "≤ 3 KB"; absent for figures reported without one. */
  budget?: string;
  pass?: boolean;
}

export interface BenchmarkResult {
  id: string;
  title: string;
  /** How it was measured, in a sentence or two. */
  method: string;
  measurements: Measurement[];
  notes?: string[];
}

export interface MachineInfo {
  date: string;
  cores: number;
  cpu: string;
  memory: string;
  node: string;
  database: string;
  /** The 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage: number;
}

export function machineInfo(now = new Date(), loadAverage = os.loadavg()[0]!): MachineInfo {
  const url = process.env.DATABASE_URL ?? "file:";
  return {
    date: now.toISOString().replace(/\.\d+Z$/, "Z"),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GB`,
    node: process.version,
    database: url.startsWith("file:") ? "SQLite (a temporary file per benchmark)" : "PostgreSQL (a throwaway database per benchmark)",
    loadAverage,
  };
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

export const kilobytes = (bytes: number) => `${(bytes / 1000).toFixed(2)} KB`;
export const perSecond = (count: number, unit: string) => `${Math.round(count).toLocaleString("en-US")} ${unit}/s`;
export const milliseconds = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;

export function failed(results: BenchmarkResult[]): Measurement[] {
  return results.flatMap((result) => result.measurements.filter((measurement) => measurement.pass === false));
}

const verdict = (measurement: Measurement) => (measurement.pass === undefined ? "" : measurement.pass ? "PASS" : "FAIL");

/** A fixed-width table for the terminal. */
export function consoleTable(results: BenchmarkResult[]): string {
  const rows = results.flatMap((result) => result.measurements.map((m) => [result.title, m.name, m.value, m.budget ?? "", verdict(m)]));
  const header = ["benchmark", "measurement", "value", "budget", ""];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

const cell = (text: string) => text.replaceAll("|", "\\|");

export function resultsMarkdown(results: BenchmarkResult[], machine: MachineInfo): string {
  const failures = failed(results);
  const lines = [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (see README, Benchmarks). Not part of `npm test`.",
    "",
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memory} RAM, Node ${machine.node}`,
    `- Database: ${machine.database}`,
    `- Load average when the run started: ${machine.loadAverage.toFixed(2)} on ${machine.cores} cores${machine.loadAverage > machine.cores / 2 ? " (the machine was busy with other work: timings are noisy)" : ""}`,
    `- Outcome: ${failures.length === 0 ? "every budget met" : `${failures.length} budget(s) missed: ${failures.map((m) => m.name).join("; ")}`}`,
    "",
  ];
  for (const result of results) {
    lines.push(`## ${result.title}`, "", result.method, "", "| measurement | value | budget | |", "| --- | --- | --- | --- |");
    for (const m of result.measurements) lines.push(`| ${cell(m.name)} | ${cell(m.value)} | ${cell(m.budget ?? "")} | ${verdict(m)} |`);
    if (result.notes?.length) lines.push("", ...result.notes.map((note) => `- ${note}`));
    lines.push("");
  }
  return lines.join("\n");
}
