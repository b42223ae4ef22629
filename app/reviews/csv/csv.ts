// A small RFC 4180 CSV reader and writer (no CSV library is installed).
//
// Reading is faithful to the file: quoted fields may hold delimiters, doubled quotes and line
// breaks (kept exactly as written, CRLF included). Records may end in CRLF, LF or a lone CR; a
// leading UTF-8 BOM is dropped. Every record carries the 1-based line on which it starts, so
// messages can point at the line a merchant sees in a text editor. Lenient where spreadsheets
// are sloppy: a quote inside an unquoted field is an ordinary character, and text after a
// closing quote is kept. Only an unterminated quoted field is an error.
//
// Writing quotes a cell only when it must, and for files a person will open in a spreadsheet
// (exports) can neutralise formula injection: a text cell starting with = + - @ (or a tab or
// CR, which some spreadsheets skip before evaluating) is prefixed with an apostrophe.

export interface CsvRow {
  /** The 1-based line on which the record starts. */
  line: number;
  cells: string[];
}

export class CsvParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "CsvParseError";
  }
}

export type CsvDelimiter = "," | ";" | "\t";

const BOM = "\uFEFF";

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * The delimiter of the first record: comma, or semicolon / tab when a spreadsheet saved the
 * file that way (Excel uses ";" in locales where "," is the decimal separator).
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const source = stripBom(text);
  const counts: Record<CsvDelimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '"')
      quoted = !quoted; // a doubled quote toggles twice: no change
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && (ch === "," || ch === ";" || ch === "\t")) counts[ch] += 1;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  return ",";
}

/**
 * Parses CSV text into records. Lines that are completely empty are skipped (they are not
 * records); a line of empty cells (",,,") is returned as a record of empty strings.
 */
export function parseCsv(text: string, options: { delimiter?: string } = {}): CsvRow[] {
  const source = stripBom(text);
  const delimiter = options.delimiter ?? detectDelimiter(source);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new Error(`parseCsv: unusable delimiter ${JSON.stringify(delimiter)}`);
  }
  const rows: CsvRow[] = [];
  const length = source.length;
  let cells: string[] = [];
  let field = "";
  let fieldQuoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;

  const endField = () => {
    cells.push(field);
    field = "";
    fieldQuoted = false;
  };
  const endRow = () => {
    const blank = cells.length === 0 && field === "" && !fieldQuoted;
    if (!blank) {
      endField();
      rows.push({ line: rowLine, cells });
    }
    cells = [];
    field = "";
    fieldQuoted = false;
  };

  while (i < length) {
    const ch = source[i];
    if (ch === '"' && field === "" && !fieldQuoted) {
      // A quoted field: read up to the closing quote, keeping doubled quotes as one.
      fieldQuoted = true;
      const startLine = line;
      i += 1;
      for (;;) {
        const close = source.indexOf('"', i);
        if (close < 0) throw new CsvParseError(`unterminated quoted field starting on line ${startLine}`, startLine);
        const chunk = source.slice(i, close);
        line += countLineBreaks(chunk);
        field += chunk;
        if (source[close + 1] === '"') {
          field += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      continue;
    }
    if (ch === delimiter) {
      endField();
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRow();
      i += ch === "\r" && source[i + 1] === "\n" ? 2 : 1;
      line += 1;
      rowLine = line;
      continue;
    }
    // An unquoted run: everything up to the next delimiter or line break.
    let end = i + 1;
    while (end < length) {
      const next = source[end];
      if (next === delimiter || next === "\r" || next === "\n") break;
      end += 1;
    }
    field += source.slice(i, end);
    i = end;
  }
  endRow();
  return rows;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) count += 1;
    else if (ch === 13) {
      count += 1;
      if (text.charCodeAt(i + 1) === 10) i += 1;
    }
  }
  return count;
}

// ---------------------------------------------------------------- writing

export type CsvCell = string | number | boolean | Date | null | undefined;

export interface WriteCsvOptions {
  delimiter?: CsvDelimiter;
  /** Record separator; RFC 4180 says CRLF. */
  eol?: "\r\n" | "\n";
  /** Prefix text cells that a spreadsheet would run as a formula. Use for every export. */
  neutraliseFormulas?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** `=SUM(A1)` → `'=SUM(A1)`: shown as text by Excel, LibreOffice and Google Sheets. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(cell: CsvCell, neutralise: boolean): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString();
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  return neutralise ? neutraliseFormula(cell) : cell;
}

/** One record, without its line ending. */
export function formatCsvRow(cells: readonly CsvCell[], options: WriteCsvOptions = {}): string {
  const delimiter = options.delimiter ?? ",";
  const neutralise = options.neutraliseFormulas ?? false;
  return cells
    .map((cell) => {
      const text = cellText(cell, neutralise);
      const mustQuote =
        text.includes(delimiter) || text.includes('"') || text.includes("\n") || text.includes("\r") || text !== text.trim();
      return mustQuote ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(delimiter);
}

/** A whole file: each record followed by the line ending. */
export function writeCsv(rows: readonly (readonly CsvCell[])[], options: WriteCsvOptions = {}): string {
  const eol = options.eol ?? "\r\n";
  return rows.map((row) => formatCsvRow(row, options) + eol).join("");
}
