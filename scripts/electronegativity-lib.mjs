// The pure half of scripts/electronegativity.mjs: reading the waivers in SECURITY.md and judging findings against
// them. Tested in test/unit/electron-config.test.ts.

/** A waiver line in SECURITY.md: `- waiver: CHECK_ID in repo/relative/path — reason`. */
const WAIVER = /^- waiver: ([A-Z][A-Z0-9_]*) in (\S+) — (\S.{19,})$/;

/**
 * Every waiver in the text, in order. A line that starts like a waiver but does not follow the format is an error,
 * so a typo never turns into a silently missing (or silently broader) waiver. A reason has at least 20 characters.
 * @param {string} markdown
 * @returns {{ check: string, file: string, reason: string, line: number }[]}
 */
export function parseWaivers(markdown) {
  const waivers = [];
  const lines = markdown.split(/\r?\n/);
  lines.forEach((text, i) => {
    if (!/^\s*[-*]\s*waiver\b/i.test(text)) return;
    const m = WAIVER.exec(text);
    if (!m) throw new Error(`SECURITY.md line ${i + 1}: a waiver must read "- waiver: CHECK_ID in path — reason (20+ characters)": ${text}`);
    waivers.push({ check: m[1], file: m[2], reason: m[3].trim(), line: i + 1 });
  });
  const seen = new Set();
  for (const w of waivers) {
    const key = `${w.check} ${w.file}`;
    if (seen.has(key)) throw new Error(`SECURITY.md line ${w.line}: ${key} is waived twice`);
    seen.add(key);
  }
  return waivers;
}

/**
 * Splits findings into what fails the run and what a waiver covers. Only HIGH findings (and above, should the tool
 * add any) fail; a waiver covers one check in one file. A waiver that covers no HIGH finding is stale and fails too,
 * so SECURITY.md never claims an exception that no longer exists.
 * @param {{ id: string, severity: string, file: string, line: number, column: number }[]} findings
 * @param {{ check: string, file: string, reason: string, line: number }[]} waivers
 * @param {{ waivable?: (finding: { file: string }) => boolean }} [options]
 */
export function judge(findings, waivers, options = {}) {
  const waivable = options.waivable ?? (() => true);
  const high = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
  const covering = (f) => (waivable(f) ? waivers.find((w) => w.check === f.id && w.file === f.file) : undefined);
  const blocking = high.filter((f) => !covering(f));
  const waived = high.filter((f) => covering(f)).map((f) => ({ finding: f, waiver: covering(f) }));
  const stale = waivers.filter((w) => !high.some((f) => f.id === w.check && f.file === w.file && waivable(f)));
  return { blocking, waived, stale, ok: blocking.length === 0 && stale.length === 0 };
}

/**
 * Electronegativity's issue objects as plain findings, with paths relative to the repository.
 * @param {{ id: string, severity: { name: string }, confidence: { name: string }, file: string, location: { line: number, column: number }, sample?: string, description?: string }[]} issues
 * @param {string} prefix  repo-relative folder the scan's relative paths start from ('' for none)
 */
export function toFindings(issues, prefix) {
  return issues.map((i) => ({
    id: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file === 'N/A' || !prefix ? i.file : `${prefix}/${i.file.split('\\').join('/')}`,
    line: i.location.line,
    column: i.location.column,
    sample: (i.sample ?? '').trim().split('\n')[0].slice(0, 100),
    description: i.description ?? '',
  }));
}
