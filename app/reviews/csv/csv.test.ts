import { describe, expect, it } from "vitest";
import { CsvParseError, detectDelimiter, formatCsvRow, neutraliseFormula, parseCsv, writeCsv } from "./csv";

describe("parseCsv", () => {
  it("reads quoted fields, doubled quotes, embedded line breaks, CRLF and a BOM, with line numbers", () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","line1\r\nline2\nline3"\r\n1,2,3\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ["a", "b", "c"] },
      { line: 2, cells: ["x, y", 'say "hi"', "line1\r\nline2\nline3"] },
      { line: 5, cells: ["1", "2", "3"] },
    ]);
  });

  it("accepts LF, lone CR and a missing final line break; skips empty lines but counts them", () => {
    expect(parseCsv("a,b\n\n1,2\r3,4\r\n\r\n5,6")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 3, cells: ["1", "2"] },
      { line: 4, cells: ["3", "4"] },
      { line: 6, cells: ["5", "6"] },
    ]);
  });

  it("keeps empty cells, quoted empty cells and rows of empty cells", () => {
    expect(parseCsv('a,,c\n"",x,\n,,\n""\n')).toEqual([
      { line: 1, cells: ["a", "", "c"] },
      { line: 2, cells: ["", "x", ""] },
      { line: 3, cells: ["", "", ""] },
      { line: 4, cells: [""] },
    ]);
  });

  it("is lenient with stray quotes the way spreadsheets write them", () => {
    expect(parseCsv('5" screen,"quoted"tail,a""b\n')).toEqual([{ line: 1, cells: ['5" screen', "quotedtail", 'a""b'] }]);
  });

  it("refuses an unterminated quoted field and names the line it starts on", () => {
    const attempt = () => parseCsv('a,b\n1,"never closed\n2,3\n');
    expect(attempt).toThrow(CsvParseError);
    expect(attempt).toThrow(/line 2/);
    try {
      attempt();
    } catch (error) {
      expect((error as CsvParseError).line).toBe(2);
    }
  });

  it("detects semicolon and tab delimiters from the header row", () => {
    expect(detectDelimiter("name;rating;body\nA;5;ok, fine")).toBe(";");
    expect(detectDelimiter('"a;b",c,d\n')).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("single")).toBe(",");
    expect(parseCsv('name;body\nLéa;"Top; vraiment"\n')).toEqual([
      { line: 1, cells: ["name", "body"] },
      { line: 2, cells: ["Léa", "Top; vraiment"] },
    ]);
  });
});

describe("writing CSV", () => {
  it("quotes only the cells that need it", () => {
    expect(formatCsvRow(["plain", "a,b", 'say "hi"', "two\nlines", " padded", 5, true, null, undefined])).toBe(
      'plain,"a,b","say ""hi""","two\nlines"," padded",5,true,,',
    );
    expect(formatCsvRow([new Date("2025-03-02T10:12:00Z")])).toBe("2025-03-02T10:12:00.000Z");
  });

  it("round-trips awkward cells exactly", () => {
    const rows = [
      ["id", "text", "empty"],
      ["1", 'He said "no", then left.\r\nNext line\nand "more"', ""],
      ["2", '"', ","],
      ["3", "   ", "tab\there"],
      ["4", "ünïcödé — ✓ 😀", "=not neutralised by default"],
    ];
    for (const eol of ["\r\n", "\n"] as const) {
      const written = writeCsv(rows, { eol });
      expect(parseCsv(written).map((row) => row.cells)).toEqual(rows);
    }
    expect(parseCsv(writeCsv(rows, { delimiter: ";" }), { delimiter: ";" }).map((row) => row.cells)).toEqual(rows);
  });

  it("neutralises formula injection in text cells when asked (exports)", () => {
    for (const dangerous of ['=HYPERLINK("http://evil")', "+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]) {
      expect(neutraliseFormula(dangerous)).toBe(`'${dangerous}`);
    }
    expect(neutraliseFormula("fine = good")).toBe("fine = good");
    expect(formatCsvRow(["=1+1", "ok", -5, "@x"], { neutraliseFormulas: true })).toBe("'=1+1,ok,-5,'@x");
    expect(formatCsvRow(["=1+1"])).toBe("=1+1");
    const parsed = parseCsv(writeCsv([['=cmd|" /C calc"!A0', "+x,y"]], { neutraliseFormulas: true }));
    expect(parsed[0]!.cells).toEqual(['\'=cmd|" /C calc"!A0', "'+x,y"]);
  });
});
