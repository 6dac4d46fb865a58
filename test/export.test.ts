/**
 * `gongbao export` through the CLI against a real database: documents, appointments, tasks and
 * citations as JSON Lines, CSV (UTF-8 with BOM, RFC 4180 quoting, CRLF) and Markdown; the formatter
 * on its own for quoting and formula-looking cells.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FORMATTERS, csvCell, formatRows } from '../src/exports/formats.js';
import type { ExportRow } from '../src/store/archive.js';
import { CORPUS_FILES, cli, gazette, tempDir } from './store-fixtures.js';

let dir: string;
let cleanup: () => void;

before(() => {
  ({ dir, cleanup } = tempDir());
  const r = cli(['ingest', ...CORPUS_FILES], dir);
  assert.equal(r.status, 0, r.stderr);
});
after(() => cleanup());

/** The first sheet of an .xlsx file read with exceljs: its name, cell values and cell types by row. */
async function readSheet(path: string): Promise<{ name: string; rows: unknown[][]; types: string[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  const types: string[][] = [];
  const typeName = Object.fromEntries(Object.entries(ExcelJS.ValueType).map(([k, v]) => [v, k.toLowerCase()]));
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values: unknown[] = [];
    const kinds: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      values.push(cell.value ?? null);
      kinds.push(typeName[cell.type]!);
    }
    rows[n - 1] = values;
    types[n - 1] = kinds;
  });
  return { name: sheet.name, rows, types };
}

/** Minimal RFC 4180 reader: rows of cells. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

test('documents as JSON Lines: one object per document with provenance', () => {
  const r = cli(['export', 'documents'], dir);
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 59);
  const doc = rows.find((x) => x.doc_number === '阳政发〔2020〕2号');
  assert.equal(doc.start_line, 65);
  assert.equal(doc.end_line, 212);
  assert.match(doc.source_file, /yangquan-2020-01\.txt$/);
  assert.deepEqual(doc.issuers, ['阳泉市人民政府']);
  assert.equal(doc.date, '2020-01-20');
});

test('appointments, tasks, citations as JSON Lines match the archive counts', () => {
  for (const kind of ['appointments', 'tasks', 'citations']) {
    const r = cli(['export', kind, '--format', 'jsonl'], dir);
    assert.equal(r.status, 0, r.stderr);
    const rows = r.stdout.trim() ? r.stdout.trim().split('\n').map((l) => JSON.parse(l)) : [];
    assert.ok(rows.length > 0, kind);
    for (const row of rows) assert.ok(row.document_id > 0 && row.line > 0 && row.source_file, kind);
  }
  // 2020-01, line 629: 吴志鹏为阳泉师范高等专科学校副校长（试用期一年）；
  const a = cli(['export', 'appointments'], dir).stdout.trim().split('\n').map((l) => JSON.parse(l));
  const wu = a.find((x) => x.person === '吴志鹏' && x.action === 'appoint');
  assert.equal(wu.post, '阳泉师范高等专科学校副校长');
  assert.deepEqual(wu.qualifiers, ['试用期一年']);
  assert.equal(wu.line, 629);
});

test('CSV: UTF-8 with BOM, header row, CRLF, quoted cells, lists joined; --out infers the format', () => {
  const out = join(dir, 'docs.csv');
  const r = cli(['export', 'documents', '--out', out], dir);
  assert.equal(r.status, 0, r.stderr);
  const bytes = readFileSync(out);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8').slice(1);
  assert.ok(text.includes('\r\n'));
  const rows = readCsv(text);
  const header = rows[0]!;
  assert.equal(rows.length - 1, 59);
  assert.ok(header.includes('title') && header.includes('doc_number') && header.includes('start_line'));
  const row = rows.find((x) => x[header.indexOf('doc_number')] === '阳政发〔2020〕2号')!;
  assert.equal(row[header.indexOf('start_line')], '65');
  // Recipients are a list: joined with "; " (and the cell quoted when it holds a comma).
  assert.match(row[header.indexOf('recipients')]!, /; /);
  for (const kind of ['appointments', 'tasks', 'citations']) {
    const csv = cli(['export', kind, '-f', 'csv'], dir);
    assert.equal(csv.status, 0);
    assert.ok(csv.stdout.startsWith('\uFEFF'));
    const parsed = readCsv(csv.stdout.slice(1));
    assert.ok(parsed.length > 1);
    assert.ok(parsed.every((p) => p.length === parsed[0]!.length), `${kind}: every row has every column`);
  }
});

test('Markdown: a table with a header separator and escaped pipes', () => {
  const r = cli(['export', 'tasks', '--format', 'md'], dir);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0]!, /^\| id \| document_id \|/);
  assert.match(lines[1]!, /^\|( --- \|)+$/);
  const cols = lines[0]!.split(' | ').length;
  for (const l of lines.slice(2)) assert.equal(l.replace(/\\\|/g, '').split(' | ').length, cols);
});

test('bad arguments: one line on stderr, exit 2; a missing database: exit 1 and nothing created', () => {
  const kind = cli(['export', 'people'], dir);
  assert.equal(kind.status, 2);
  assert.match(kind.stderr, /^gongbao: export: kind must be one of/);
  const fmt = cli(['export', 'documents', '-f', 'xls'], dir);
  assert.equal(fmt.status, 2);
  assert.match(fmt.stderr, /^gongbao: --format must be one of jsonl, csv, md, xlsx, got "xls"\n$/);
  // An extension that names no format is refused, not filled with JSON Lines; so is a mismatch.
  for (const [args, message] of [
    [['-o', 't.xls'], /cannot tell the format of t\.xls/],
    [['-o', 'tasks'], /cannot tell the format of tasks/],
    [['-o', 't.csv', '-f', 'jsonl'], /--format jsonl does not match the extension of t\.csv/],
  ] as const) {
    const r = cli(['export', 'tasks', ...args], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.ok(!existsSync(join(dir, args[1])));
  }
  // An explicit format for a file of another name is fine.
  const named = cli(['export', 'citations', '-o', 'citations.txt', '-f', 'csv'], dir);
  assert.equal(named.status, 0, named.stderr);
  assert.ok(readFileSync(join(dir, 'citations.txt'), 'utf8').startsWith('\uFEFFid,'));
  const missing = cli(['export', 'documents', '--db', 'nope.db'], dir);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no archive at/);
  assert.ok(!existsSync(join(dir, 'nope.db')));
});

test('.xlsx: a real spreadsheet with the header and every row, numbers as numbers', async () => {
  const out = join(dir, 'tasks.xlsx');
  const r = cli(['export', 'tasks', '-o', out], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(out).subarray(0, 2).toString('latin1'), 'PK');
  const rows = cli(['export', 'tasks'], dir).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const sheet = await readSheet(out);
  assert.equal(sheet.name, 'tasks');
  const header = sheet.rows[0]!;
  assert.deepEqual(header, Object.keys(rows[0]!));
  assert.equal(sheet.rows.length - 1, rows.length);
  for (const [i, row] of rows.entries()) {
    const cells = sheet.rows[i + 1]!;
    header.forEach((col, c) => {
      const v = row[col as string];
      const expected = v === null ? null : Array.isArray(v) ? v.join('; ') : v;
      assert.deepEqual(cells[c] ?? null, expected === '' ? null : expected, `row ${i + 1} ${col}`);
    });
  }
});

test('formula-looking text: defused in CSV (lists too), a plain text cell in .xlsx, HTML escaped in Markdown', async () => {
  const { dir: d, cleanup: done } = tempDir();
  try {
    // The recipients line of this document starts with "=": a list whose first item is a formula.
    const text = gazette(2021, 3, [{ title: '阳泉市人民政府关于<b>测试</b>&的通知', number: '阳政发〔2021〕9号', date: '2021年3月5日', body: ['一、做好工作。'] }]);
    writeFileSync(join(d, 'f.txt'), text.replace('各县（区）人民政府，市直各单位：', "=cmd|' /C calc'!A0，市直各单位："));
    assert.equal(cli(['ingest', 'f.txt'], d).status, 0);
    const jsonl = JSON.parse(cli(['export', 'documents'], d).stdout.trim());
    assert.deepEqual(jsonl.recipients, ["=cmd|'/C calc'!A0", '市直各单位']);

    const csv = readCsv(cli(['export', 'documents', '-f', 'csv'], d).stdout.slice(1));
    const recipients = csv[1]![csv[0]!.indexOf('recipients')]!;
    assert.equal(recipients, "'=cmd|'/C calc'!A0; 市直各单位");

    assert.equal(cli(['export', 'documents', '-o', 'd.xlsx'], d).status, 0);
    const sheet = await readSheet(join(d, 'd.xlsx'));
    const col = sheet.rows[0]!.indexOf('recipients');
    assert.equal(sheet.types[1]![col], 'string');
    assert.equal(sheet.rows[1]![col], "=cmd|'/C calc'!A0; 市直各单位");

    // This archive has no tasks: the spreadsheet still has its header row.
    assert.equal(cli(['export', 'tasks', '-o', 't.xlsx'], d).status, 0);
    assert.deepEqual((await readSheet(join(d, 't.xlsx'))).rows, [['id', 'document_id', 'text', 'leads', 'cooperators', 'deadline']]);

    const md = cli(['export', 'documents', '-f', 'md'], d).stdout;
    assert.ok(md.includes('阳泉市人民政府关于&lt;b&gt;测试&lt;/b&gt;&amp;的通知'), md);
    assert.ok(!md.includes('<b>'));
  } finally {
    done();
  }
});

test('the formatters: quoting, formula-looking cells, empty exports', async () => {
  const rows: ExportRow[] = [
    { id: 1, text: 'a, "b"\nc', list: ['x', 'y'], n: null, f: '=SUM(A1)' },
    { id: 2, text: 'a|b', list: [], n: 3, f: '-1' },
  ];
  const cols = Object.keys(rows[0]!);
  assert.equal(FORMATTERS.csv.row(rows[0]!, cols), '1,"a, ""b""\nc",x; y,,\'=SUM(A1)\r\n');
  assert.equal(FORMATTERS.md.row(rows[1]!, cols), '| 2 | a\\|b |  | 3 | -1 |\n');
  assert.equal(FORMATTERS.csv.row(rows[1]!, cols), "2,a|b,,3,'-1\r\n");
  // The check is on the cell's final text: a list whose first item starts a formula is defused.
  assert.equal(csvCell(['=HYPERLINK("http://x")', '市财政局']), `"'=HYPERLINK(""http://x""); 市财政局"`);
  assert.equal(csvCell(['@SUM(A1)']), "'@SUM(A1)");
  assert.equal(csvCell(['市财政局', '=1']), '市财政局; =1');
  assert.equal(csvCell(-1), '-1');
  assert.equal(FORMATTERS.md.row({ t: '<img src=x onerror=alert(1)> & <b>' }, ['t']), '| &lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt; |\n');
  async function* gen(list: ExportRow[]) {
    yield* list;
  }
  let out = '';
  assert.equal(await formatRows(gen(rows), 'jsonl', (c) => void (out += c)), 2);
  assert.deepEqual(out.trim().split('\n').map((l) => JSON.parse(l)), rows);
  out = '';
  await formatRows(gen([]), 'csv', (c) => void (out += c), ['id', 'title']);
  assert.equal(out, '\uFEFFid,title\r\n');
});
