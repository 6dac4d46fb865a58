/**
 * Citation graph of a document: what it cites and what cites it, drawn with Cytoscape (served
 * from this server), nodes linked to documents; the same relations are listed as links below the
 * picture for keyboard and screen-reader users.
 */
import type { Archive, CitationRecord, DocumentDetail } from '../../../store/archive.js';
import { html, jsonForScript } from '../html.js';
import { page } from '../layout.js';
import { issueLabel, truncate } from '../format.js';
import { docHref, issueHref, emptyState } from '../parts.js';

export interface GraphNode {
  id: string;
  /** Short, so that it stays readable: the document number, else the title cut to a few characters. */
  label: string;
  /** The full title (shown on hover and on focus of the node's entry in the lists). */
  title: string;
  href: string | null;
  /**
   * center: this document; doc: a document of the archive; missing: the citations of one document
   * that point at nothing in the archive, as one node ("3 份未收录文件") instead of a cloud of dead ends.
   */
  kind: 'center' | 'doc' | 'missing';
  /** Column of the drawing: 0 the document, +n cited n steps away, −n citing it n steps away. */
  col: number;
  /** missing: the titles (or numbers) of the documents it stands for. */
  items?: string[];
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

export interface CitationGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const MAX_NODES = 80;
const LABEL_CHARS = 10;

/** The node label: the number when there is one (阳政发〔2020〕2号), else the title shortened. */
export function shortLabel(title: string | null, docNumber: string | null): string {
  if (docNumber) return docNumber;
  return truncate((title ?? '（无题）').replace(/^《|》$/g, ''), LABEL_CHARS);
}

const citedName = (c: CitationRecord) => (c.title ? `《${c.title}》${c.docNumber ? `（${c.docNumber}）` : ''}` : c.docNumber ?? '（未识别）');

/** The graph around one document (already read), `depth` citation steps out in both directions. */
async function citationGraph(archive: Archive, center: DocumentDetail, depth: number): Promise<CitationGraph> {
  const id = center.id;
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const addDoc = (docId: number, title: string, docNumber: string | null, col: number) => {
    const key = `d${docId}`;
    if (!nodes.has(key) && nodes.size < MAX_NODES) {
      nodes.set(key, { id: key, label: shortLabel(title, docNumber), title, href: docHref(docId), kind: docId === id ? 'center' : 'doc', col });
    }
    return nodes.has(key) ? key : null;
  };
  const addEdge = (s: string | null, t: string | null) => {
    if (!s || !t || s === t) return;
    edges.set(`${s}>${t}`, { id: `${s}>${t}`, source: s, target: t });
  };
  /** One node for the unresolved citations of a document. */
  const addMissing = (docId: number, cites: CitationRecord[], col: number) => {
    const items = uniqueCitations(cites.filter((c) => !c.targetId)).map(citedName);
    if (!items.length || nodes.size >= MAX_NODES) return null;
    const key = `m${docId}`;
    nodes.set(key, {
      id: key, label: `${items.length} 份未收录文件`,
      title: `未收录于本库：${items.slice(0, 5).join('、')}${items.length > 5 ? ` 等 ${items.length} 份` : ''}`,
      href: docId === id ? '#g-missing' : `/documents/${docId}/graph`, kind: 'missing', col, items,
    });
    return key;
  };
  addDoc(id, center.title, center.docNumber, 0);
  let frontier: Array<{ id: number; cites: CitationRecord[]; citedBy: CitationRecord[] }> = [
    { id, cites: center.citations, citedBy: center.citedBy },
  ];
  const colOf = (docId: number) => nodes.get(`d${docId}`)?.col ?? 0;
  const seen = new Set([id]);
  for (let step = 1; step <= depth && frontier.length; step++) {
    const next: number[] = [];
    for (const f of frontier) {
      const from = `d${f.id}`;
      const col = colOf(f.id);
      const out = col >= 0 ? col + 1 : col;
      for (const c of f.cites) {
        if (!c.targetId) continue;
        addEdge(from, addDoc(c.targetId, c.targetTitle ?? c.title ?? '', c.targetDocNumber ?? c.docNumber, out));
        if (!seen.has(c.targetId)) { seen.add(c.targetId); next.push(c.targetId); }
      }
      addEdge(from, addMissing(f.id, f.cites, out));
      for (const c of f.citedBy) {
        addEdge(addDoc(c.documentId, c.documentTitle, c.documentDocNumber, col <= 0 ? col - 1 : col), from);
        if (!seen.has(c.documentId)) { seen.add(c.documentId); next.push(c.documentId); }
      }
    }
    if (step === depth) break;
    frontier = [];
    for (const n of next) {
      if (!nodes.has(`d${n}`)) continue;
      frontier.push({ id: n, cites: await archive.citations(n), citedBy: await archive.citedBy(n) });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** Citations to the same document (or the same unresolved title/number) once. */
export function uniqueCitations(cs: CitationRecord[]): CitationRecord[] {
  const seen = new Set<string>();
  return cs.filter((c) => {
    const k = c.targetId ? `d${c.targetId}` : `x${c.docNumber ?? ''}|${c.title ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Citing documents once each. */
export function uniqueCiting(cs: CitationRecord[]): CitationRecord[] {
  const seen = new Set<number>();
  return cs.filter((c) => (seen.has(c.documentId) ? false : (seen.add(c.documentId), true)));
}

export async function graphPage(archive: Archive, id: number, depth: number): Promise<string | null> {
  const d = await archive.getDocument(id);
  if (!d) return null;
  const g = await citationGraph(archive, d, depth);
  const cites = uniqueCitations(d.citations);
  const resolved = cites.filter((c) => c.targetId);
  const missing = cites.filter((c) => !c.targetId);
  const citing = uniqueCiting(d.citedBy);
  const body = html`
<header class="doc-head">
  <p class="kicker">引用关系图</p>
  <h1>${d.title}</h1>
  <nav class="doc-tools" aria-label="图的范围">
    <a href="${docHref(id)}">返回文件</a>
    ${depth === 1 ? html`<a href="/documents/${id}/graph?depth=2">扩展到两层</a>` : html`<a href="/documents/${id}/graph">只看直接关系</a>`}
  </nav>
</header>
${g.edges.length ? html`
<figure class="graph-fig">
  <div id="graph" class="graph" role="img" aria-label="引用关系图：${g.nodes.filter((n) => n.kind !== 'missing').length}个本库文件，${g.nodes.reduce((n, x) => n + (x.items?.length ?? 0), 0)}份未收录文件，${g.edges.length}条引用。图下方列有同样的关系。"></div>
  <figcaption>
    <span class="lg lg-center">本文件</span><span class="lg lg-doc">本库文件（点击打开）</span><span class="lg lg-ext">未收录于本库的文件（按引用它们的文件归为一组）</span>
    箭头由引用方指向被引用方。指向节点或下方列表中的文件可看到完整标题。
  </figcaption>
</figure>
<script type="application/json" id="graph-data">${jsonForScript(g)}</script>` : emptyState('本文件没有识别出的引用，库中也没有文件引用它。')}
<div class="cols graph-lists">
  <section class="panel" aria-labelledby="g-out">
    <h2 id="g-out">本文件引用 <span class="count">${cites.length}</span></h2>
    ${resolved.length ? html`<ul>${resolved.map((c) => html`<li><a href="${docHref(c.targetId!)}" data-node="d${c.targetId}">${c.targetTitle ?? c.title}</a>${c.targetDocNumber ? html` <span class="docno">${c.targetDocNumber}</span>` : ''}</li>`)}</ul>` : ''}
    ${missing.length ? html`<h3 id="g-missing" tabindex="-1" data-node="m${id}">未收录于本库 <span class="count">${missing.length}</span></h3>
      <ul class="missing">${missing.map((c) => html`<li>${c.title ? `《${c.title}》` : ''}${c.docNumber ? html`<span class="docno">${c.title ? '（' : ''}${c.docNumber}${c.title ? '）' : ''}</span>` : ''}</li>`)}</ul>` : ''}
    ${cites.length ? '' : emptyState('无')}
  </section>
  <section class="panel" aria-labelledby="g-in">
    <h2 id="g-in">引用本文件 <span class="count">${citing.length}</span></h2>
    ${citing.length ? html`<ul>${citing.map((c) => html`<li><a href="${docHref(c.documentId, c.line)}" data-node="d${c.documentId}">${c.documentTitle}</a>${c.documentDocNumber ? html` <span class="docno">${c.documentDocNumber}</span>` : ''}</li>`)}</ul>` : emptyState('无')}
  </section>
</div>`;
  return page({
    title: `引用关系图 - ${d.title}`,
    body,
    breadcrumbs: [
      { href: '/', label: '首页' },
      { href: issueHref(d.issueId), label: `${d.issue.title ?? '公报'} ${issueLabel(d.issue)}` },
      { href: docHref(id), label: truncate(d.title, 30) },
      { label: '引用关系图' },
    ],
    scripts: g.edges.length ? ['cytoscape.min.js', 'graph.js'] : [],
  });
}
