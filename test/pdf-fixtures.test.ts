/**
 * The PDF fixture generator (scripts/pdf-fixtures/) on the real sample issues: the blocks it prints
 * keep every character of the text and stay true to the gold (titles, numbers, dates), paragraphs
 * are re-joined where the text broke them, and documents are located by the swapped glyphs. The
 * committed page gold (fixtures/pdf/*.pages.tsv) lists every gold document in page order.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { documentBlocks, titleLines, type Block } from '../scripts/pdf-fixtures/blocks.js';
import { END, START, locateDocuments, markDocuments, sameLayout } from '../scripts/pdf-fixtures/locate.js';
import { loadIssue, type SourceIssue } from '../scripts/pdf-fixtures/source.js';
import { compact, rawLines, splitAtCjkBreaks, tidy } from '../scripts/pdf-fixtures/text.js';

const NAMES = ['yangquan-2020-01', 'yangquan-2021-05', 'yangquan-2023-05'];

function load(name: string): SourceIssue {
  return loadIssue(name, {
    text: `fixtures/corpus/${name}.txt`,
    docs: `fixtures/gold/${name}.docs.tsv`,
    masthead: `fixtures/gold/${name}.issue.tsv`,
  });
}

function strings(b: Block): string[] {
  switch (b.kind) {
    case 'title': case 'subtitle': return b.lines;
    case 'list': case 'attachments': return b.items;
    case 'table': case 'roster': return b.rows.flat();
    default: return [b.text];
  }
}

const goldDates = (name: string) => new Map(readFileSync(`fixtures/gold/${name}.docs.tsv`, 'utf8').trim().split('\n').slice(1)
  .map((row) => row.split('\t')).map((c) => [Number(c[0]), c[7]]));

describe('blocks of the sample issues', () => {
  for (const name of NAMES) {
    test(`${name}: every character kept, gold titles, numbers and dates printed`, () => {
      const issue = load(name);
      const dates = goldDates(name);
      for (const doc of issue.docs) {
        const { blocks, titleMatched } = documentBlocks(issue.lines, doc);
        assert.ok(titleMatched, `title at line ${doc.startLine}`);
        const source = rawLines(issue.lines, doc.startLine, doc.endLine).map((l) => (l.cells ? l.cells.join('') : l.raw)).join('');
        assert.equal(compact(blocks.flatMap(strings).join('')), compact(source), `characters of line ${doc.startLine}`);
        assert.equal(blocks[0].kind, 'title');
        assert.equal(compact(strings(blocks[0]).join('')), compact(doc.title));
        if (doc.docNumber) assert.deepEqual(blocks[1], { kind: 'number', text: compact(doc.docNumber) }, `number of line ${doc.startLine}`);
        const date = dates.get(doc.startLine);
        if (date) {
          const printed = blocks.filter((b): b is Extract<Block, { kind: 'date' }> => b.kind === 'date').map((b) => b.text);
          const [y, m, d] = date.split('-').map(Number);
          assert.ok(printed.includes(`${y}年${m}月${d}日`), `date ${date} of line ${doc.startLine} printed right-aligned, got ${printed.join(', ')}`);
        }
      }
    });
  }

  test('2021-05 公布…的通知: title broken where the source broke it, attachments re-joined, signature and 附注', () => {
    const issue = load('yangquan-2021-05');
    const { blocks } = documentBlocks(issue.lines, issue.docs[0]);
    assert.deepEqual(blocks[0], { kind: 'title', lines: ['阳泉市人民政府', '关于公布普济寺等20处市级文物保护单位', '保护范围及建设控制地带的通知'] });
    assert.deepEqual(blocks[2], { kind: 'recipients', text: '各县（区）人民政府，市直各单位：' });
    const attachments = blocks.find((b) => b.kind === 'attachments');
    assert.deepEqual(attachments && strings(attachments), [
      '附件：1.阳泉市普济寺等20处市级文物保护单位名单',
      '2.阳泉市普济寺等20处市级文物保护单位保护范围及建设控制地带',
      '3.保护范围和建设控制地带图(略)',
      '4.关于保护范围及建设控制地带的说明',
    ]);
    const at = blocks.indexOf(attachments!);
    assert.deepEqual(blocks.slice(at + 1, at + 6).map((b) => b.kind), ['signature', 'date', 'note', 'label', 'subtitle']);
  });

  test('a paragraph broken mid-sentence by the PDF-to-text tool is one paragraph again', () => {
    const issue = load('yangquan-2021-05');
    const doc = issue.docs.find((d) => d.startLine === 528)!;
    const paras = documentBlocks(issue.lines, doc).blocks.filter((b) => b.kind === 'para').map((b) => strings(b)[0]);
    assert.ok(paras.some((p) => p.includes('在全市新建9个消防站,同步完成配套消防装备配备')), 'the paragraph of 二、工作目标 is whole');
    assert.ok(!paras.some((p) => p.startsWith('消防站,同步完成')));
  });

  test('a personnel list with tabs is a roster, a 序号 table a table', () => {
    const issue = load('yangquan-2020-01');
    const doc = issue.docs.find((d) => d.startLine === 283)!;
    const roster = documentBlocks(issue.lines, doc).blocks.find((b) => b.kind === 'roster');
    assert.ok(roster && roster.kind === 'roster');
    assert.deepEqual(roster.rows[0], ['组长:', '黄海涛', '市委常委、副市长']);
    const issue23 = load('yangquan-2023-05');
    const table = documentBlocks(issue23.lines, issue23.docs.find((d) => d.startLine === 446)!).blocks.find((b) => b.kind === 'table');
    assert.ok(table && table.kind === 'table' && table.header);
    assert.deepEqual(table.rows[0], ['序号', '考核内容', '分值', '考核要点']);
  });
});

describe('text clean-up', () => {
  test('layout spaces next to Chinese go, spaces between Latin words stay', () => {
    assert.equal(tidy('阳政函〔2021〕77 号'), '阳政函〔2021〕77号');
    assert.equal(tidy('关于 2021 年 9 月份 Wi-Fi 6 网络'), '关于2021年9月份Wi-Fi 6网络');
  });

  test('titles break where the source broke them (a space between two Chinese characters)', () => {
    assert.deepEqual(splitAtCjkBreaks('阳泉市人民政府办公室 关于印发阳泉市 2020 年水污染治理攻坚方案 的通知'),
      ['阳泉市人民政府办公室', '关于印发阳泉市2020年水污染治理攻坚方案', '的通知']);
    assert.deepEqual(titleLines(['阳泉市人民政府关于张冰任职的通知']), ['阳泉市人民政府', '关于张冰任职的通知']);
  });
});

describe('locating documents by swapped glyphs', () => {
  const docs = [
    { doc: { startLine: 1, endLine: 3, section: null, title: '甲关于乙的通知', docNumber: null }, blocks: [
      { kind: 'title', lines: ['甲关于乙的通知'] }, { kind: 'para', text: '正文。' }, { kind: 'date', text: '2021年1月2日' },
    ] as Block[] },
    { doc: { startLine: 5, endLine: 6, section: null, title: '丙关于丁的通知', docNumber: null }, blocks: [
      { kind: 'title', lines: ['丙关于丁的通知'] }, { kind: 'table', rows: [['序号', '名称'], ['1', '戊己']], header: true },
    ] as Block[] },
  ];

  test('the first and last ideograph of each document are swapped, nothing else', () => {
    const marked = markDocuments(docs);
    assert.deepEqual(strings(marked[0].blocks[0]), [`${START}关于乙的通知`]);
    assert.deepEqual(strings(marked[0].blocks[2]), [`2021年1月2${END}`]);
    assert.deepEqual(strings(marked[1].blocks[1]), ['序号', '名称', '1', `戊${END}`]);
    assert.deepEqual(strings(docs[0].blocks[0]), ['甲关于乙的通知'], 'the original is untouched');
  });

  test('pages of the n-th start and end marker; a copy that paginates differently is refused', () => {
    const marked = [`${START}关于乙的通知 正文。`, `2021年1月2${END} ${START}关于丁的通知`, `序号 名称 1 戊${END}`];
    assert.deepEqual(locateDocuments(marked, 2), [{ start: 1, end: 2 }, { start: 2, end: 3 }]);
    const real = ['甲关于乙的通知 正文。', '2021年1月2日 丙关于丁的通知', '序号 名称 1 戊己'];
    assert.equal(sameLayout(real, marked), null);
    assert.match(sameLayout(['甲关于乙的通知', '正文。2021年1月2日 丙关于丁的通知', '序号 名称 1 戊己'], marked) ?? '', /page 1 differs/);
    assert.throws(() => locateDocuments(marked.slice(0, 2), 2), /1 ends of 2 documents/);
  });
});

describe('committed page gold', () => {
  for (const file of NAMES.flatMap((n) => [`fixtures/pdf/${n}.pages.tsv`, `fixtures/pdf/${n}.2col.pages.tsv`])) {
    test(`${file} lists every gold document in page order`, () => {
      assert.ok(existsSync(file), `${file} is committed`);
      const name = file.replace(/^fixtures\/pdf\/|\.(2col\.)?pages\.tsv$/g, '');
      const gold = load(name).docs;
      const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((r) => r.split('\t'));
      assert.deepEqual(rows.map((r) => Number(r[0])), gold.map((d) => d.startLine));
      let previousEnd = 0;
      for (const [, , , startPage, endPage, startPrinted, endPrinted] of rows.map((r) => r.map((c, i) => (i >= 3 ? Number(c) : c)))) {
        assert.ok(Number(startPage) >= previousEnd && Number(endPage) >= Number(startPage));
        assert.equal(Number(startPage) - Number(startPrinted), Number(endPage) - Number(endPrinted), 'one offset from printed to physical pages');
        previousEnd = Number(endPage);
      }
    });
  }
});
