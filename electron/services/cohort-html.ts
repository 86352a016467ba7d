/**
 * The cohort report as one self-contained HTML file: no scripts, no images, no links, no external resources; inline
 * CSS only, under a Content-Security-Policy that allows nothing else. Every piece of text that came from a progress
 * file (display names, file names, ids, titles, reasons quoting them) is HTML-escaped, with control characters and
 * bidi overrides shown as visible escapes first. Tables have captions and header cells; it prints on white paper.
 */
import { formatDuration, type CohortItem, type CohortQuestion, type CohortReport } from '../../shared/cohort';
import { formatPercent } from '../../shared/scoring';
import { escapeControlChars } from '../../shared/validate-pack';

export const COHORT_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '=': '&#61;', '`': '&#96;' };

/**
 * Text made safe for HTML element content and quoted attribute values. `=` and backticks are escaped too, so no
 * text from a file can ever read as an attribute (not even `src=` shown as text, which a reviewer can grep for).
 */
export function escapeHtml(text: string): string {
  return escapeControlChars(text).replace(/[&<>"'=`]/g, (c) => ENTITIES[c]!);
}

const STYLE = `
  :root { color-scheme: light; }
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
  p.meta { color: #444; margin: 0 0 1rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
  caption { text-align: left; font-weight: 600; padding: .25rem 0 .4rem; }
  caption span { font-weight: 400; color: #444; }
  th, td { border-bottom: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f0f0f0; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
  ul { padding-left: 1.25rem; }
  .problems li { margin: .2rem 0; }
  footer { margin-top: 2rem; color: #444; font-size: .9rem; }
  @media print {
    body { margin: 0; max-width: none; font-size: 11pt; }
    th { background: none; border-bottom: 2px solid #000; }
    tr, li { break-inside: avoid; }
    h2 { break-after: avoid; }
  }
`;

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
const pct = (x: number | null) => formatPercent(x);
const range = (q: CohortQuestion) => (q.minBestCoverage === null ? '—' : `${pct(q.minBestCoverage)}–${pct(q.maxBestCoverage)}`);

function table(caption: string, note: string, head: string[], rows: string[][], numeric: readonly number[]): string {
  const cell = (tag: 'th' | 'td', i: number, html: string) => `<${tag}${numeric.includes(i) ? ' class="n"' : ''}${tag === 'th' ? ' scope="col"' : ''}>${html}</${tag}>`;
  return [
    '<table>',
    `<caption>${escapeHtml(caption)}${note ? ` <span>${escapeHtml(note)}</span>` : ''}</caption>`,
    `<thead><tr>${head.map((h, i) => cell('th', i, escapeHtml(h))).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => cell('td', i, c)).join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

function questionTable(caption: string, note: string, questions: readonly CohortQuestion[], learners: number): string {
  return table(
    caption,
    note,
    ['Question', 'Area', 'Learners', 'Mean best coverage', 'Range', 'Mean latest', 'Attempts', 'Skips', 'Mean time', 'Limit'],
    questions.map((q) => [
      code(q.id),
      escapeHtml(q.area),
      `${q.learnersAttempted}/${learners}`,
      pct(q.meanBestCoverage),
      range(q),
      pct(q.meanLatestCoverage),
      String(q.attempts),
      String(q.skipped),
      formatDuration(q.meanAnswerMs),
      formatDuration(q.timeLimitSec * 1000),
    ]),
    [2, 3, 4, 5, 6, 7, 8, 9],
  );
}

function itemTable(caption: string, note: string, items: readonly CohortItem[]): string {
  return table(
    caption,
    note,
    ['Question', 'Checklist item', 'Missed', 'Covered / appeared'],
    items.map((i) => [code(i.questionId), code(i.itemId), pct(i.missRate), `${i.covered}/${i.appeared}`]),
    [2, 3],
  );
}

export function renderCohortHtml(report: CohortReport): string {
  const title = report.pack ? `Cohort report: ${report.pack.title}` : 'Cohort report: no usable progress files';
  const body: string[] = [`<h1>${escapeHtml(title)}</h1>`];
  if (report.pack) {
    const s = report.summary;
    body.push(
      `<p class="meta">Pack ${code(report.pack.id)} version ${escapeHtml(report.pack.version)} · ${s.learners} learner(s) from ${report.files.used} of ` +
        `${report.files.given} file(s) · ${s.questions} questions, ${s.questionsAttempted} attempted · ${s.attempts} attempts, ${s.skipped} skips</p>`,
    );
    body.push('<h2>Learners</h2>');
    body.push(
      table(
        'Learners',
        '(coverage: mean of each learner’s best coverage over the questions they attempted)',
        ['Learner', 'File', 'Exported', 'Attempted', 'Attempts', 'Skips', 'Coverage', 'Total time', 'Mean time'],
        report.learners.map((l) => [
          escapeHtml(l.displayName ?? '(no name)'),
          code(l.file),
          escapeHtml(l.exportedAt),
          `${l.questionsAttempted}/${s.questions}`,
          String(l.attempts),
          String(l.skipped),
          pct(l.meanBestCoverage),
          formatDuration(l.totalAnswerMs),
          formatDuration(l.meanAnswerMs),
        ]),
        [3, 4, 5, 6, 7, 8],
      ),
    );
    body.push('<h2>Questions</h2>');
    const byCoverage = '(by mean best coverage of the learners who attempted each)';
    body.push(questionTable('Hardest questions', byCoverage, report.hardest, s.learners));
    body.push(questionTable('Easiest questions', byCoverage, report.easiest, s.learners));
    body.push('<h2>Checklist items</h2>');
    body.push(
      itemTable(
        'Checklist items most often missed',
        `(miss rate = 1 − covered / appeared, over all attempts; only items that appeared in at least ${report.minItemEvidence} attempts)`,
        report.mostMissed,
      ),
    );
    body.push('<h2>Not attempted</h2>');
    body.push(
      report.unattempted.length
        ? `<p>No learner attempted: ${report.unattempted.map(code).join(', ')}.</p>`
        : '<p>Every question was attempted by at least one learner.</p>',
    );
    body.push('<h2>All questions</h2>');
    body.push(questionTable('All questions', '(in pack order)', report.questions, s.learners));
    body.push(itemTable('All checklist items', '(in pack order)', report.items));
  }
  if (report.problems.length) {
    body.push('<h2>Files not used</h2>');
    body.push(
      `<ul class="problems">${report.problems.map((p) => `<li>${code(p.file)}: ${escapeHtml(p.reason)} <span>(${escapeHtml(p.code)})</span></li>`).join('\n')}</ul>`,
    );
  }
  if (report.notes.length) {
    body.push('<h2>Notes</h2>');
    body.push(`<ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}</ul>`);
  }
  body.push(
    '<footer>Made by <code>mldrill cohort report</code>. Coverage is self-graded: each learner ticked the checklist points they judged their answer to cover.</footer>',
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${COHORT_HTML_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
