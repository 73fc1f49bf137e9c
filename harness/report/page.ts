/**
 * The divergence page (`javm report --html`): one self-contained HTML file (inline CSS and a few
 * lines of inline JS, nothing fetched) that shows where two engines' runs of one case part. This
 * module is pure: a `DivergencePage` (plain data, filled by ./data.ts from today's per-instruction
 * traces, harness/target/trace.ts, or later from a richer trace module) in, an HTML string out.
 * Everything put into the page is escaped. Only a window of trace rows around the first differing
 * step is rendered, so a 100,000-record trace gives a page of a few tens of kilobytes.
 */

/** One instruction as an engine started it: the state before it runs (the target protocol's TraceRecord). */
export interface PageRecord {
  readonly vm: number;
  readonly pc: number;
  readonly gas: string;
  readonly regs: readonly string[];
}

/** One side of the comparison: who ran, and its trace (empty when it has none; `absent` says why). */
export interface PageSide {
  readonly name: string;
  readonly records: readonly PageRecord[];
  readonly absent?: string;
}

/** A labelled value of the case summary. */
export interface PageField {
  readonly label: string;
  readonly value: string;
}

/** One line of a disassembly listing. */
export interface PageCodeLine {
  readonly pc: number;
  readonly bytes: string;
  readonly text: string;
  readonly blockStart: boolean;
}

/** The case: what was run, summarized, with the code around the divergence. */
export interface PageCase {
  readonly title: string;
  readonly runner: string;
  readonly profile: string;
  readonly source: string;
  readonly description: string;
  readonly fields: readonly PageField[];
  /** A window of the disassembly (of the code the diverging VM runs), or null when there is none. */
  readonly code: {
    readonly label: string;
    readonly lines: readonly PageCodeLine[];
    readonly elidedBefore: number;
    readonly elidedAfter: number;
    /** The pc whose line is highlighted: the instruction of the last common step. */
    readonly focus: number | null;
  } | null;
}

/** A value of the two answers side by side. */
export interface PageCompareRow {
  readonly label: string;
  readonly left: string;
  readonly right: string;
}

/** A 16-byte row of memory where the two answers differ: each side's bytes (null: not accessible on that side). */
export interface PageMemoryRow {
  readonly address: number;
  readonly left: readonly (number | null)[];
  readonly right: readonly (number | null)[];
}

/** A spec-note that applies to the case. */
export interface PageNote {
  readonly id: string;
  readonly title: string;
  /** Link to the note's file, relative to the page (null when the file is not found). */
  readonly href: string | null;
  /** Why it is listed: pinned by the vector, or detected from the difference. */
  readonly why: string;
}

/** The first trace step where the two sides differ, and the fields that differ there (`vm`, `pc`, `gas`, `r0`..`r12`; `length` when one trace ended). */
export interface PageFirstDiff {
  readonly step: number;
  readonly fields: readonly string[];
}

/** Everything the page shows. */
export interface DivergencePage {
  readonly case: PageCase;
  readonly left: PageSide;
  readonly right: PageSide;
  /** The first differing trace step; computed with `traceDivergence` when left out. */
  readonly firstDiff?: PageFirstDiff | null;
  /** The instruction text at a VM's pc (for the trace rows), where known. */
  readonly instructionAt?: (vm: number, pc: number) => string | undefined;
  /** The answers: the first differing path (null when they agree), or why the right side gave none. */
  readonly outcome: {
    readonly difference: string | null;
    readonly rows: readonly PageCompareRow[];
    readonly hiddenEqual: number;
    readonly memory: readonly PageMemoryRow[];
    readonly memoryElided: number;
  };
  /** Kernel events and exits of each side, one line each, aligned by index. */
  readonly events: { readonly title: string; readonly left: readonly string[]; readonly right: readonly string[] };
  readonly notes: readonly PageNote[];
  /** Trace rows rendered before and after the first differing step (default 10 and 6). */
  readonly window?: { readonly before: number; readonly after: number };
}

/** HTML-escapes text for element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The fields in which two trace records differ (`vm`, `pc`, `gas`, `r<i>`), in that order. */
export function recordDifference(a: PageRecord, b: PageRecord): string[] {
  const out: string[] = [];
  if (a.vm !== b.vm) out.push('vm');
  if (a.pc !== b.pc) out.push('pc');
  if (a.gas !== b.gas) out.push('gas');
  const n = Math.max(a.regs.length, b.regs.length);
  for (let i = 0; i < n; i++) if (a.regs[i] !== b.regs[i]) out.push(`r${i}`);
  return out;
}

/** The first step where two traces differ (a record's field, or one trace ending first); null when they are equal. */
export function traceDivergence(left: readonly PageRecord[], right: readonly PageRecord[]): PageFirstDiff | null {
  const n = Math.min(left.length, right.length);
  for (let k = 0; k < n; k++) {
    const fields = recordDifference(left[k] as PageRecord, right[k] as PageRecord);
    if (fields.length > 0) return { step: k, fields };
  }
  return left.length === right.length ? null : { step: n, fields: ['length'] };
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.2em;color:#1b1b1b;background:#fafafa}
h1{font-size:1.35em;margin:.2em 0}h2{font-size:1.1em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}
code,.mono,td,th{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
table{border-collapse:collapse}td,th{padding:1px 6px;border:1px solid #ddd;text-align:left;vertical-align:top;white-space:nowrap}
th{background:#eee}.summary{background:#fff3cd;padding:.5em .8em;border:1px solid #e0c36a;border-radius:4px}
.ok{background:#e6f4ea;border-color:#9ccaa8}.d,.diff .d{background:#ffc9c9;font-weight:600}
tr.diff{background:#fff0f0}tr.first{outline:2px solid #d00}tr.common td{color:#555}
tr.elided td{color:#777;font-style:italic;text-align:center}
.reg{display:inline-block;margin-right:.5em}.reg:not(.chg):not(.d){display:none}body.allregs .reg:not(.chg):not(.d){display:inline-block}
.chg{color:#0645ad}.side{color:#555;font-size:.9em}.focus{background:#fff3a0}.bs{color:#999}
.wrap{overflow-x:auto;max-width:100%}.byte{padding:0 1px}.note a{font-weight:600}
`;

// Scrolls the first differing row into view; the check box shows every register in the trace rows.
const JS = `
(function(){var f=document.getElementById('first-diff');if(f)f.scrollIntoView({block:'center'});
var c=document.getElementById('allregs');if(c)c.addEventListener('change',function(){document.body.classList.toggle('allregs',c.checked);});})();
`;

const td = (text: string, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${esc(text)}</td>`;
const hex2 = (b: number | null): string => (b === null ? '··' : b.toString(16).padStart(2, '0'));

/** The registers of a record as spans: those changed since the previous record of the same side, and those differing from the other side, are marked. */
function regSpans(r: PageRecord | undefined, prev: PageRecord | undefined, other: PageRecord | undefined): string {
  if (r === undefined) return '';
  return r.regs.map((v, i) => {
    const cls = ['reg'];
    if (prev !== undefined && prev.regs[i] !== v) cls.push('chg');
    if (other !== undefined && other.regs[i] !== v) cls.push('d');
    return `<span class="${cls.join(' ')}" data-reg="r${i}">r${i}=${esc(v)}</span>`;
  }).join('');
}

/** The cells of one side of a trace row. */
function sideCells(p: DivergencePage, r: PageRecord | undefined, prev: PageRecord | undefined, other: PageRecord | undefined): string {
  if (r === undefined) return '<td colspan="5" class="side">(no record: the trace ended)</td>';
  const d = (f: boolean): string => (other !== undefined && f ? 'd' : '');
  const text = p.instructionAt?.(r.vm, r.pc) ?? '';
  return td(String(r.vm), d(other?.vm !== r.vm)) + td(String(r.pc), d(other?.pc !== r.pc)) + td(text) + td(r.gas, d(other?.gas !== r.gas))
    + `<td class="regs">${regSpans(r, prev, other)}</td>`;
}

/** The trace table: a window of steps around the first differing one, with the counts of elided records. */
function traceTable(p: DivergencePage, first: PageFirstDiff | null): string {
  const L = p.left.records;
  const R = p.right.records;
  const total = Math.max(L.length, R.length);
  if (total === 0) return `<p class="side">No per-instruction trace on either side${p.left.absent ? ` (${esc(p.left.name)}: ${esc(p.left.absent)})` : ''}${p.right.absent ? ` (${esc(p.right.name)}: ${esc(p.right.absent)})` : ''}.</p>`;
  const before = p.window?.before ?? 10;
  const after = p.window?.after ?? 6;
  const centre = first === null ? total - 1 : first.step;
  const lo = Math.max(0, centre - before);
  const hi = Math.min(total - 1, centre + after);
  const rows: string[] = [];
  if (lo > 0) rows.push(`<tr class="elided"><td colspan="11">${lo.toLocaleString('en-US')} earlier record(s) elided (steps 0..${lo - 1}, equal on both sides)</td></tr>`);
  for (let k = lo; k <= hi; k++) {
    const [a, b] = [L[k], R[k]];
    const differs = a === undefined || b === undefined || recordDifference(a, b).length > 0;
    const cls = ['row', differs ? 'diff' : 'common', ...(first !== null && k === first.step ? ['first'] : [])];
    const pc = a?.pc ?? b?.pc ?? '';
    rows.push(`<tr class="${cls.join(' ')}" data-step="${k}" data-pc="${pc}"${first !== null && k === first.step ? ' id="first-diff"' : ''}>`
      + `<td>${k}</td>${sideCells(p, a, L[k - 1], b)}${sideCells(p, b, R[k - 1], a)}</tr>`);
  }
  if (hi < total - 1) rows.push(`<tr class="elided"><td colspan="11">${(total - 1 - hi).toLocaleString('en-US')} later record(s) elided (steps ${hi + 1}..${total - 1})</td></tr>`);
  const head = (s: PageSide): string => `<th>vm</th><th>pc</th><th>instruction (${esc(s.name)})</th><th>gas</th><th>registers (changed / differing)</th>`;
  return `<p class="side">${esc(p.left.name)}: ${L.length.toLocaleString('en-US')} records${p.left.absent ? ` (${esc(p.left.absent)})` : ''}; `
    + `${esc(p.right.name)}: ${R.length.toLocaleString('en-US')} records${p.right.absent ? ` (${esc(p.right.absent)})` : ''}. `
    + `Each record is the state before the instruction at its pc. <label><input type="checkbox" id="allregs"> show every register</label></p>`
    + `<div class="wrap"><table id="trace"><thead><tr><th rowspan="2">step</th><th colspan="5">${esc(p.left.name)}</th><th colspan="5">${esc(p.right.name)}</th></tr>`
    + `<tr>${head(p.left)}${head(p.right)}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The value of a record's field by name (`vm`, `pc`, `gas`, `r<i>`). */
function fieldOf(r: PageRecord | undefined, f: string): string {
  if (r === undefined) return '(trace ended)';
  if (f === 'vm') return String(r.vm);
  if (f === 'pc') return String(r.pc);
  if (f === 'gas') return r.gas;
  const m = /^r(\d+)$/.exec(f);
  return m === null ? '' : r.regs[Number(m[1])] ?? '(absent)';
}

/** The divergence section: the first differing step, the instruction before it, and the differing fields. */
function divergenceSection(p: DivergencePage, first: PageFirstDiff | null): string {
  if (first === null && p.left.records.length === 0 && p.right.records.length === 0) {
    return '<p class="summary" id="no-trace-diff">No per-instruction trace on either side (a decode or kernel case, or no instruction ran): see the answers below.</p>';
  }
  if (first === null) {
    const n = p.left.records.length;
    return `<p class="summary ok" id="no-trace-diff">The traces agree${n > 0 ? ` over all ${n.toLocaleString('en-US')} records` : ''}: the difference is in the exits or the final state (below).</p>`;
  }
  const a = p.left.records[first.step];
  const b = p.right.records[first.step];
  const prev = p.left.records[first.step - 1];
  const at = (r: PageRecord | undefined): string => (r === undefined ? '' : ` (vm ${r.vm} pc ${r.pc}${p.instructionAt?.(r.vm, r.pc) ? `: ${p.instructionAt(r.vm, r.pc)}` : ''})`);
  const fields = first.fields.includes('length')
    ? [`<tr class="d" data-field="length"><th>records</th><td class="left">${p.left.records.length}</td><td class="right">${p.right.records.length}</td></tr>`]
    : first.fields.map((f) => `<tr class="d" data-field="${esc(f)}"><th>${esc(f)}</th><td class="left">${esc(fieldOf(a, f))}</td><td class="right">${esc(fieldOf(b, f))}</td></tr>`);
  return `<div class="summary" id="divergence" data-step="${first.step}" data-pc="${a?.pc ?? b?.pc ?? ''}">`
    + `<p>First differing step: <b>#${first.step}</b>${esc(at(a ?? b))}.`
    + (prev === undefined ? ' It is the first record: the states differ before any instruction ran.' : ` Last common step: #${first.step - 1}${esc(at(prev))}, the instruction whose effects differ.`)
    + `</p><table id="diff-fields"><thead><tr><th>field</th><th>${esc(p.left.name)}</th><th>${esc(p.right.name)}</th></tr></thead><tbody>${fields.join('')}</tbody></table></div>`;
}

/** The case section: summary fields and the code window. */
function caseSection(c: PageCase): string {
  const fields = c.fields.map((f) => `<tr><th>${esc(f.label)}</th><td>${esc(f.value)}</td></tr>`).join('');
  let code = '';
  if (c.code !== null) {
    const focus = c.code.focus;
    const lines = c.code.lines.map((l) => `<tr${l.pc === focus ? ' class="focus"' : ''} data-pc="${l.pc}"><td class="bs">${l.blockStart ? '&gt;' : ''}</td><td>${l.pc}</td><td>${esc(l.bytes)}</td><td>${esc(l.text)}</td></tr>`);
    code = `<h3>${esc(c.code.label)}</h3>${c.code.elidedBefore > 0 ? `<p class="side">${c.code.elidedBefore} instruction(s) before elided</p>` : ''}`
      + `<table id="code"><thead><tr><th></th><th>pc</th><th>bytes</th><th>instruction</th></tr></thead><tbody>${lines.join('')}</tbody></table>`
      + `${c.code.elidedAfter > 0 ? `<p class="side">${c.code.elidedAfter} instruction(s) after elided</p>` : ''}`;
  }
  return `<table id="case-fields"><tbody><tr><th>runner</th><td>${esc(c.runner)}</td></tr><tr><th>profile</th><td>${esc(c.profile)}</td></tr>`
    + `<tr><th>source</th><td>${esc(c.source)}</td></tr>${c.description ? `<tr><th>description</th><td style="white-space:normal">${esc(c.description)}</td></tr>` : ''}${fields}</tbody></table>${code}`;
}

/** The answers section: differing values highlighted, and the memory rows that differ. */
function outcomeSection(p: DivergencePage): string {
  const o = p.outcome;
  const head = o.difference === null
    ? '<p class="summary ok" id="outcome-diff">The answers agree.</p>'
    : `<p class="summary" id="outcome-diff">First difference of the answers: <code>${esc(o.difference)}</code></p>`;
  const rows = o.rows.map((r) => `<tr${r.left !== r.right ? ' class="diff"' : ''}><th>${esc(r.label)}</th>${td(r.left, r.left !== r.right ? 'd' : '')}${td(r.right, r.left !== r.right ? 'd' : '')}</tr>`);
  const table = rows.length === 0 ? '' : `<table id="answers"><thead><tr><th>value</th><th>${esc(p.left.name)}</th><th>${esc(p.right.name)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    + (o.hiddenEqual > 0 ? `<p class="side">${o.hiddenEqual} equal value(s) not shown.</p>` : '');
  let mem = '';
  if (o.memory.length > 0) {
    const bytes = (xs: readonly (number | null)[], ys: readonly (number | null)[]): string =>
      xs.map((x, k) => `<span class="byte${x !== ys[k] ? ' d' : ''}">${hex2(x)}</span>`).join('');
    const mrows = o.memory.map((m) => `<tr data-address="${m.address}"><td>0x${m.address.toString(16).padStart(8, '0')}</td><td>${bytes(m.left, m.right)}</td><td>${bytes(m.right, m.left)}</td></tr>`);
    mem = `<h3>Memory that differs</h3><table id="memory"><thead><tr><th>address</th><th>${esc(p.left.name)}</th><th>${esc(p.right.name)}</th></tr></thead><tbody>${mrows.join('')}</tbody></table>`
      + (o.memoryElided > 0 ? `<p class="side">${o.memoryElided} more differing row(s) elided.</p>` : '');
  }
  return head + table + mem;
}

/** The events section: each side's events, aligned by index, differing lines highlighted. */
function eventsSection(p: DivergencePage): string {
  const e = p.events;
  const n = Math.max(e.left.length, e.right.length);
  if (n === 0) return '<p class="side">No events.</p>';
  const rows: string[] = [];
  for (let k = 0; k < n; k++) {
    const [a, b] = [e.left[k] ?? '', e.right[k] ?? ''];
    rows.push(`<tr${a !== b ? ' class="diff"' : ''}><td>${k}</td>${td(a, a !== b ? 'd' : '')}${td(b, a !== b ? 'd' : '')}</tr>`);
  }
  return `<table id="events"><thead><tr><th>#</th><th>${esc(p.left.name)}</th><th>${esc(p.right.name)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The spec-notes section. */
function notesSection(notes: readonly PageNote[]): string {
  if (notes.length === 0) return '<p class="side" id="notes">No spec-note applies: neither the vector names one nor does a detector recognise the difference.</p>';
  return `<ul id="notes">${notes.map((n) => `<li class="note" data-note="${esc(n.id)}">${n.href === null ? `<b>spec-notes/${esc(n.id)}</b>` : `<a href="${esc(n.href)}">spec-notes/${esc(n.id)}</a>`}: ${esc(n.title)} <span class="side">(${esc(n.why)}${n.href === null ? '' : `; ${esc(n.href)}`})</span></li>`).join('')}</ul>`;
}

/** The whole page as one HTML document. */
export function renderPage(p: DivergencePage): string {
  const first = p.firstDiff === undefined ? traceDivergence(p.left.records, p.right.records) : p.firstDiff;
  const title = `${p.case.title}: ${p.left.name} vs ${p.right.name}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><h1>${esc(title)}</h1>
<h2>Divergence</h2>${divergenceSection(p, first)}
<h2>Traces</h2>${traceTable(p, first)}
<h2>Answers</h2>${outcomeSection(p)}
<h2>${esc(p.events.title)}</h2>${eventsSection(p)}
<h2>Spec-notes</h2>${notesSection(p.notes)}
<h2>Case</h2>${caseSection(p.case)}
<script>${JS}</script></body></html>
`;
}
