/**
 * Progress export and cohort reports end to end: databases seeded through the real services, exported with
 * `mldrill progress export`, merged with `mldrill cohort report`. The sample files in resources/examples/progress
 * are real output of seedLearner below (rebuilt with MLDRILL_WRITE_EXAMPLES=1), and the figures the docs quote for
 * them are checked here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { DB_FILENAME } from '../../electron/db/open';
import { saveAttempt, skipQuestion } from '../../electron/services/attempts';
import { manualClock } from '../../electron/services/clock';
import { createServices } from '../../electron/services/index';
import { exportProgress, progressExportFile, writeProgressFile } from '../../electron/services/progress-export';
import { abandonSession, startSession } from '../../electron/services/sessions';
import { parseProgress, serializeProgress, type CohortReport, type ProgressFile } from '../../shared/cohort';
import type { AreaId, Level } from '../../shared/areas';
import { ROOT, tempDir } from './helpers';

const SAMPLE_PACK = path.join(ROOT, 'resources', 'examples', 'cohort-pack.drillpack.json');
const EXAMPLES = path.join(ROOT, 'resources', 'examples', 'progress');
const RATINGS = { clarity: 2, judgment: 2, constraints: 2, communication: 2 };

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A data folder with the sample pack installed the way the app installs its bank. */
function sampleServices() {
  const bankDir = tempDir('mldrill-bank-');
  fs.copyFileSync(SAMPLE_PACK, path.join(bankDir, 'cohort-pack.drillpack.json'));
  const dataDir = tempDir('mldrill-data-');
  return { dataDir, services: createServices({ dataDir, bankDir }) };
}

/** One drill: which questions it draws, and what happens to each of them (the rest stay open; the drill is ended). */
interface DrillPlan {
  areas: AreaId[];
  level: Level | 'any';
  count: number;
  answers: Record<string, { ticked: string[]; ms: number } | 'skip'>;
}

interface LearnerPlan {
  file: string;
  displayName: string | null;
  exportId: string;
  exportedAt: string;
  start: string;
  drills: DrillPlan[];
}

const ALL: Pick<DrillPlan, 'areas' | 'level' | 'count'> = { areas: ['evaluation', 'mlops', 'nlp-llm'], level: 'any', count: 7 };

/**
 * The three sample learners. Ada is strong on evaluation, Bo on LLMs, the third (no display name) on MLOps. Each
 * takes the whole pack once, then repeats one question in a second, shorter drill.
 */
const SAMPLE_LEARNERS: LearnerPlan[] = [
  {
    file: 'ada.progress.json',
    displayName: 'Ada L.',
    exportId: '3f6c2a1e-8b4d-4c7a-9e21-5d0b7f4a1c01',
    exportedAt: '2026-03-06T17:05:00.000Z',
    start: '2026-03-02T09:00:00.000Z',
    drills: [
      {
        ...ALL,
        answers: {
          'ev-leakage-split': { ticked: ['time-split', 'future-features', 'entity-overlap', 'preprocessing-fit'], ms: 300_000 },
          'ev-ab-test-peeking': { ticked: ['peeking-inflates', 'fixed-horizon', 'sequential'], ms: 200_000 },
          'ops-drift-monitoring': { ticked: ['input-drift-metric', 'retrain-decision'], ms: 400_000 },
          'ops-feature-skew': { ticked: ['definition', 'shared-code'], ms: 150_000 },
          'llm-rag-eval': { ticked: ['golden-set'], ms: 500_000 },
          'llm-prompt-injection': 'skip',
        },
      },
      {
        areas: ['evaluation'],
        level: 'mid',
        count: 2,
        answers: { 'ev-leakage-split': { ticked: ['time-split', 'future-features', 'entity-overlap', 'target-proxy', 'preprocessing-fit'], ms: 260_000 } },
      },
    ],
  },
  {
    file: 'bo.progress.json',
    displayName: 'Bo',
    exportId: '9a41d7c3-2e5f-4b18-8c6d-0f3e9b2a7d02',
    exportedAt: '2026-03-06T18:40:00.000Z',
    start: '2026-03-03T14:00:00.000Z',
    drills: [
      {
        ...ALL,
        answers: {
          'ev-leakage-split': { ticked: ['time-split'], ms: 350_000 },
          'ev-ab-test-peeking': { ticked: ['peeking-inflates'], ms: 180_000 },
          'ops-drift-monitoring': 'skip',
          'ops-feature-skew': { ticked: ['definition'], ms: 120_000 },
          'llm-rag-eval': { ticked: ['retrieval-metrics', 'faithfulness', 'golden-set', 'llm-judge-calibration'], ms: 480_000 },
          'llm-prompt-injection': { ticked: ['definition', 'least-privilege', 'human-confirm', 'separate-channels'], ms: 230_000 },
        },
      },
      { areas: ['evaluation'], level: 'mid', count: 2, answers: { 'ev-ab-test-peeking': { ticked: ['peeking-inflates', 'fixed-horizon'], ms: 210_000 } } },
    ],
  },
  {
    file: 'learner-3.progress.json',
    displayName: null,
    exportId: 'c27e5b90-6d1a-4f3e-b8a4-1e9d3c6f5b03',
    exportedAt: '2026-03-07T08:15:00.000Z',
    start: '2026-03-04T19:30:00.000Z',
    drills: [
      {
        ...ALL,
        answers: {
          'ev-leakage-split': { ticked: ['time-split', 'future-features'], ms: 400_000 },
          'ev-ab-test-peeking': 'skip',
          'ops-drift-monitoring': { ticked: ['input-drift-metric', 'prediction-drift', 'proxy-labels', 'importance-weighting', 'retrain-decision'], ms: 410_000 },
          'ops-feature-skew': { ticked: ['definition', 'shared-code', 'log-and-compare', 'point-in-time'], ms: 160_000 },
          'llm-prompt-injection': { ticked: ['least-privilege', 'human-confirm'], ms: 200_000 },
          'llm-tokenization': 'skip',
        },
      },
      { areas: ['mlops'], level: 'mid', count: 1, answers: { 'ops-drift-monitoring': { ticked: ['input-drift-metric', 'prediction-drift', 'proxy-labels'], ms: 380_000 } } },
    ],
  },
];

/**
 * Plays a learner's drills through the session and attempt services, with a clock that moves on one minute per
 * step, so the export is the same on every run (questions are handled in pack order, whatever order a drill drew).
 */
function seedLearner(plan: LearnerPlan, answerText = (id: string) => `My answer to ${id}.`, noteText = (_id: string) => '') {
  const { dataDir, services } = sampleServices();
  const clock = manualClock(plan.start);
  const tick = () => {
    clock.advance(60_000);
    return clock;
  };
  for (const drill of plan.drills) {
    const session = startSession(services.db, { areas: drill.areas, level: drill.level, count: drill.count }, tick());
    for (const [questionId, what] of Object.entries(drill.answers)) {
      const position = session.questions.findIndex((q) => q.id === questionId);
      expect(position, `${plan.file}: ${questionId} is in the drill`).toBeGreaterThanOrEqual(0);
      if (what === 'skip') skipQuestion(services.db, { sessionId: session.id, position, revision: 0 }, tick());
      else {
        const arg = { sessionId: session.id, position, revision: 0, answer: answerText(questionId), answerMs: what.ms, ticked: what.ticked, suggested: [], ratings: RATINGS, note: noteText(questionId) };
        saveAttempt(services.db, arg, tick());
      }
    }
    const status = services.db.prepare('SELECT status FROM drill_sessions WHERE id = ?').get(session.id) as { status: string };
    if (status.status === 'active') abandonSession(services.db, session.id, tick());
  }
  return { dataDir, services };
}

function sampleExport(plan: LearnerPlan): ProgressFile {
  const { services } = seedLearner(plan);
  try {
    return exportProgress(services.db, { packIds: ['example-cohort'], displayName: plan.displayName, exportId: plan.exportId }, plan.exportedAt);
  } finally {
    services.close();
  }
}

describe('the sample progress files', () => {
  it('are the real export of the seeded sample learners', () => {
    for (const plan of SAMPLE_LEARNERS) {
      const file = path.join(EXAMPLES, plan.file);
      const progress = sampleExport(plan);
      if (process.env.MLDRILL_WRITE_EXAMPLES === '1') writeProgressFile(file, progress);
      expect(fs.readFileSync(file, 'utf8'), plan.file).toBe(serializeProgress(progress));
      expect(parseProgress(fs.readFileSync(file)).ok).toBe(true);
    }
  });

  it('give the figures docs/pack-format.md quotes', async () => {
    const files = SAMPLE_LEARNERS.map((p) => path.join(EXAMPLES, p.file));
    const r = await cli(['cohort', 'report', ...files, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as CohortReport;
    expect(report.pack).toEqual({ id: 'example-cohort', version: '1.0.0', title: 'Example cohort pack: evaluation, production ML and LLMs' });
    expect(report.summary).toEqual({ learners: 3, questions: 7, questionsAttempted: 6, attempts: 17, skipped: 4 });
    expect(report.problems).toEqual([]);
    expect(report.learners.map((l) => [l.displayName, l.questionsAttempted, l.attempts, l.skipped, l.meanBestCoverage, l.totalAnswerMs, l.meanAnswerMs])).toEqual([
      ['Ada L.', 5, 6, 1, 0.57, 1_810_000, 301_667],
      ['Bo', 5, 6, 1, 0.55, 1_570_000, 261_667],
      [null, 4, 5, 2, 0.725, 1_550_000, 310_000],
    ]);
    expect(report.questions.map((q) => [q.id, q.learnersAttempted, q.attempts, q.skipped, q.meanBestCoverage, q.meanLatestCoverage, q.meanAnswerMs])).toEqual([
      ['ev-leakage-split', 3, 4, 0, 0.5333, 0.5333, 327_500],
      ['ev-ab-test-peeking', 2, 3, 1, 0.625, 0.625, 196_667],
      ['ops-drift-monitoring', 2, 3, 1, 0.7, 0.5, 396_667],
      ['ops-feature-skew', 3, 3, 0, 0.5833, 0.5833, 143_333],
      ['llm-rag-eval', 2, 2, 0, 0.5, 0.5, 490_000],
      ['llm-prompt-injection', 2, 2, 1, 0.75, 0.75, 215_000],
      ['llm-tokenization', 0, 0, 1, null, null, null],
    ]);
    expect(report.hardest.map((q) => q.id)).toEqual(['llm-rag-eval', 'ev-leakage-split', 'ops-feature-skew']);
    expect(report.easiest.map((q) => q.id)).toEqual(['llm-prompt-injection', 'ops-drift-monitoring', 'ev-ab-test-peeking']);
    expect(report.unattempted).toEqual(['llm-tokenization']);
    expect(report.mostMissed.map((i) => [`${i.questionId} / ${i.itemId}`, i.covered, i.appeared, i.missRate])).toEqual([
      ['ev-ab-test-peeking / guardrails', 0, 3, 1],
      ['llm-rag-eval / online-signals', 0, 2, 1],
      ['ev-leakage-split / target-proxy', 1, 4, 0.75],
      ['ev-ab-test-peeking / sequential', 1, 3, 0.6667],
      ['ops-drift-monitoring / importance-weighting', 1, 3, 0.6667],
      ['ops-feature-skew / log-and-compare', 1, 3, 0.6667],
      ['ops-feature-skew / point-in-time', 1, 3, 0.6667],
      ['ev-leakage-split / entity-overlap', 2, 4, 0.5],
      ['ev-leakage-split / preprocessing-fit', 2, 4, 0.5],
      ['llm-rag-eval / retrieval-metrics', 1, 2, 0.5],
    ]);
    // The folder form reads the same three files.
    const folder = JSON.parse((await cli(['cohort', 'report', EXAMPLES, '--json'])).out) as CohortReport;
    expect(folder.summary).toEqual(report.summary);
  });

  it('print the text table the docs show', async () => {
    const r = await cli(['cohort', 'report', ...SAMPLE_LEARNERS.map((p) => path.join(EXAMPLES, p.file))]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Cohort report: Example cohort pack: evaluation, production ML and LLMs');
    expect(lines[1]).toBe('pack example-cohort 1.0.0 · 3 learner(s) from 3 of 3 file(s) · 7 questions, 6 attempted · 17 attempts, 4 skips');
    expect(r.out).toMatch(/^Ada L\. +5\/7 +6 +1 +57% +30:10 +5:02$/m);
    expect(r.out).toMatch(/^\(no name\) \S+ +4\/7 +5 +2 +73% +25:50 +5:10$/m);
    expect(r.out).toMatch(/^llm-rag-eval +nlp-llm +2\/3 +50% +20%-80% +2 +0 +8:10 +8:45$/m);
    expect(r.out).toMatch(/^ev-ab-test-peeking \/ guardrails +100% +0\/3$/m);
    expect(r.out).toContain('Not attempted by anyone: llm-tokenization');
  });
});

describe('progress export through the real services', () => {
  const SECRET_ANSWER = 'my-secret-answer-about-holdout-7f3a9c';
  const SECRET_NOTE = 'note-to-self-rehearse-calibration-51d2';

  /** A learner seeded through createServices' API (startSession, saveAttempt with revision 0, skipQuestion). */
  function apiLearner() {
    const { dataDir, services } = sampleServices();
    const s = services.api.startSession({ areas: ['evaluation'], level: 'mid', count: 2 });
    const at = (id: string) => s.questions.findIndex((q) => q.id === id);
    services.api.saveAttempt({
      sessionId: s.id,
      position: at('ev-leakage-split'),
      revision: 0,
      answer: SECRET_ANSWER,
      answerMs: 123_000,
      ticked: ['time-split', 'entity-overlap'],
      suggested: ['time-split'],
      ratings: RATINGS,
      note: SECRET_NOTE,
    });
    services.api.skipQuestion({ sessionId: s.id, position: at('ev-ab-test-peeking'), revision: 0 });
    services.close();
    return dataDir;
  }

  it('leaves answers and notes out by default, and writes them only with --include-answers', async () => {
    const dataDir = apiLearner();
    const outDir = tempDir('mldrill-out-');
    const plain = path.join(outDir, 'plain.progress.json');
    const r = await cli(['progress', 'export', '--pack', 'example-cohort', '--name', '  Dana  ', '--data', dataDir, plain]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Answer text and notes are not included.');
    const text = fs.readFileSync(plain, 'utf8');
    expect(text).not.toContain(SECRET_ANSWER);
    expect(text).not.toContain(SECRET_NOTE);
    expect(text).not.toContain('answers');
    const parsed = parseProgress(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const p = parsed.progress;
    expect(Object.keys(p)).toEqual(['format', 'formatVersion', 'exportId', 'exportedAt', 'displayName', 'includesAnswers', 'packs']);
    expect(p).toMatchObject({ format: 'mldrill-progress', formatVersion: 1, displayName: 'Dana', includesAnswers: false });
    expect(p.exportId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.packs.map((pk) => [pk.id, pk.version, pk.questions.length])).toEqual([['example-cohort', '1.0.0', 7]]);
    const leak = p.packs[0]!.questions.find((q) => q.id === 'ev-leakage-split')!;
    expect(leak).toEqual({
      id: 'ev-leakage-split',
      area: 'evaluation',
      attempts: 1,
      skipped: 0,
      bestCoverage: 0.4,
      latestCoverage: 0.4,
      totalAnswerMs: 123_000,
      meanAnswerMs: 123_000,
      timeLimitSec: 420,
      items: [
        { id: 'time-split', covered: 1, appeared: 1 },
        { id: 'future-features', covered: 0, appeared: 1 },
        { id: 'entity-overlap', covered: 1, appeared: 1 },
        { id: 'target-proxy', covered: 0, appeared: 1 },
        { id: 'preprocessing-fit', covered: 0, appeared: 1 },
      ],
    });
    expect(p.packs[0]!.questions.find((q) => q.id === 'ev-ab-test-peeking')).toMatchObject({ attempts: 0, skipped: 1, bestCoverage: null, meanAnswerMs: null });
    // Unattempted questions are listed too, with every item at 0 of 0.
    expect(p.packs[0]!.questions.find((q) => q.id === 'llm-tokenization')).toMatchObject({ attempts: 0, skipped: 0, items: expect.arrayContaining([{ id: 'workaround', covered: 0, appeared: 0 }]) });

    const full = path.join(outDir, 'full.progress.json');
    const w = await cli(['progress', 'export', '--pack', 'example-cohort', '--include-answers', '--data', dataDir, full]);
    expect(w.code, w.err).toBe(0);
    expect(w.out).toContain('includes your answer text and notes');
    const withAnswers = parseProgress(fs.readFileSync(full));
    expect(withAnswers.ok && withAnswers.progress.includesAnswers).toBe(true);
    if (!withAnswers.ok) return;
    expect(withAnswers.progress.displayName).toBeNull();
    expect(withAnswers.progress.packs[0]!.questions.find((q) => q.id === 'ev-leakage-split')!.answers).toEqual([
      { createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), coverage: 0.4, answer: SECRET_ANSWER, note: SECRET_NOTE },
    ]);
    expect(withAnswers.progress.packs[0]!.questions.find((q) => q.id === 'llm-tokenization')!.answers).toEqual([]);
    // Written through a temporary file and a rename: nothing else is left in the folder.
    expect(fs.readdirSync(outDir).sort()).toEqual(['full.progress.json', 'plain.progress.json']);
  });

  it('reads the database without writing it', async () => {
    const dataDir = apiLearner();
    const file = path.join(dataDir, DB_FILENAME);
    const before = { bytes: fs.readFileSync(file), files: fs.readdirSync(dataDir).sort() };
    const out = path.join(tempDir('mldrill-out-'), 'x.progress.json');
    expect((await cli(['progress', 'export', '--pack', 'example-cohort', '--data', dataDir, out])).code).toBe(0);
    expect(fs.readFileSync(file).equals(before.bytes)).toBe(true);
    expect(fs.readdirSync(dataDir).sort()).toEqual(before.files);
  });

  it('exits 1 with a clear message for a pack that is not installed or a missing database, 2 for usage mistakes', async () => {
    const dataDir = apiLearner();
    const out = path.join(tempDir('mldrill-out-'), 'x.progress.json');
    const missing = await cli(['progress', 'export', '--pack', 'example-cohort', '--pack', 'no-such-pack', '--data', dataDir, out]);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('mldrill: pack "no-such-pack" is not installed (installed: example-cohort)');
    expect(fs.existsSync(out)).toBe(false);
    const noDb = await cli(['progress', 'export', '--pack', 'example-cohort', '--data', tempDir(), out]);
    expect(noDb.code).toBe(1);
    expect(noDb.err).toMatch(/^mldrill: There is no ML Interview Drill database yet/);
    const noFolder = await cli(['progress', 'export', '--pack', 'example-cohort', '--data', dataDir, path.join(tempDir(), 'nope', 'x.json')]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.err).toMatch(/the folder .* does not exist/);
    expect((await cli(['progress', 'export', '--data', dataDir, out])).err).toContain('needs --pack ID');
    expect((await cli(['progress', 'export', '--pack', 'example-cohort', '--data', dataDir])).code).toBe(2);
    expect((await cli(['progress', 'export', '--pack', 'example-cohort', '--name', 'x'.repeat(81), '--data', dataDir, out])).err).toContain('at most 80 characters');
  });

  it('exports the installed version: a retired question is left out, an added item appeared in fewer attempts', () => {
    const bankDir = tempDir('mldrill-bank-');
    const packFile = path.join(bankDir, 'cohort-pack.drillpack.json');
    fs.copyFileSync(SAMPLE_PACK, packFile);
    const dataDir = tempDir('mldrill-data-');
    let services = createServices({ dataDir, bankDir });
    const s = services.api.startSession({ areas: ['mlops'], level: 'junior', count: 1 });
    services.api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: 'a', answerMs: 1000, ticked: ['definition'], suggested: [], ratings: RATINGS, note: '' });
    services.close();
    // Version 1.1.0 drops llm-tokenization and adds an item to ops-feature-skew.
    const pack = JSON.parse(fs.readFileSync(SAMPLE_PACK, 'utf8')) as { version: string; questions: { id: string; checklist: unknown[] }[] };
    pack.version = '1.1.0';
    pack.questions = pack.questions.filter((q) => q.id !== 'llm-tokenization');
    pack.questions.find((q) => q.id === 'ops-feature-skew')!.checklist.push({ id: 'skew-alert', text: 'Alerts when served and training values diverge', keywords: ['alert'] });
    fs.writeFileSync(packFile, JSON.stringify(pack));
    services = createServices({ dataDir, bankDir });
    const p = exportProgress(services.db, { packIds: ['example-cohort'] });
    services.close();
    expect(p.packs[0]!.version).toBe('1.1.0');
    expect(p.packs[0]!.questions.map((q) => q.id)).not.toContain('llm-tokenization');
    const skew = p.packs[0]!.questions.find((q) => q.id === 'ops-feature-skew')!;
    expect(skew).toMatchObject({ attempts: 1, bestCoverage: 0.25 });
    expect(skew.items.map((i) => [i.id, i.covered, i.appeared])).toEqual([
      ['definition', 1, 1],
      ['shared-code', 0, 1],
      ['log-and-compare', 0, 1],
      ['point-in-time', 0, 1],
      ['skew-alert', 0, 0],
    ]);
    expect(parseProgress(serializeProgress(p)).ok).toBe(true);
  });

  it('answers the exportProgress method with the file text and a safe suggested name', () => {
    const { services } = seedLearner(SAMPLE_LEARNERS[0]!);
    const f = progressExportFile(services.db, { packIds: ['example-cohort'], includeAnswers: false }, '2026-03-06T17:05:00.000Z');
    services.close();
    expect(f.fileName).toBe('example-cohort-2026-03-06.progress.json');
    expect(parseProgress(f.text).ok).toBe(true);
  });
});

describe('mldrill cohort report end to end', () => {
  /** Three learners seeded and exported through the CLI. */
  async function exportedThree() {
    const outDir = tempDir('mldrill-cohort-');
    const files: string[] = [];
    for (const plan of SAMPLE_LEARNERS) {
      const { dataDir, services } = seedLearner(plan);
      services.close();
      const out = path.join(outDir, plan.file);
      const args = ['progress', 'export', '--pack', 'example-cohort', '--data', dataDir, out];
      if (plan.displayName) args.push('--name', plan.displayName);
      expect((await cli(args)).code).toBe(0);
      files.push(out);
    }
    return { outDir, files };
  }

  it('merges three exported files: JSON, text and HTML', async () => {
    const { outDir, files } = await exportedThree();
    const json = await cli(['cohort', 'report', ...files, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as CohortReport;
    expect(report.summary).toEqual({ learners: 3, questions: 7, questionsAttempted: 6, attempts: 17, skipped: 4 });
    expect(report.learners.map((l) => [l.file, l.meanBestCoverage])).toEqual([
      [files[0], 0.57],
      [files[1], 0.55],
      [files[2], 0.725],
    ]);
    expect(Object.keys(report)).toEqual([
      'format', 'formatVersion', 'pack', 'files', 'summary', 'minItemEvidence', 'learners', 'questions', 'hardest', 'easiest', 'items', 'mostMissed', 'unattempted', 'problems', 'notes',
    ]);

    const text = await cli(['cohort', 'report', ...files, '--pack', 'example-cohort']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('3 learner(s) from 3 of 3 file(s)');

    const htmlFile = path.join(outDir, 'report.html');
    const html = await cli(['cohort', 'report', ...files, '--html', htmlFile]);
    expect(html.code, html.err).toBe(0);
    expect(html.out).toBe(`wrote ${htmlFile}: example-cohort 1.0.0, 3 learner(s) from 3 of 3 file(s)`);
    const page = fs.readFileSync(htmlFile, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('Ada L.');
    expect(page).not.toMatch(/<script|\bsrc\s*=|\bhref\s*=/i);
  });

  it('names every bad file with its reason on stderr, merges the rest, and escapes control characters', async () => {
    const { outDir, files } = await exportedThree();
    const bad = (name: string, content: string | Buffer) => {
      const f = path.join(outDir, name);
      fs.writeFileSync(f, content);
      return f;
    };
    const broken = bad('broken.progress.json', '{"format": "mldrill-progress", ');
    const pack = bad('pack.progress.json', fs.readFileSync(SAMPLE_PACK));
    const copy = bad('copy.progress.json', fs.readFileSync(files[0]!));
    const huge = path.join(outDir, 'huge.progress.json');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 20 * 1024 * 1024 + 1);
    const other = JSON.parse(fs.readFileSync(files[1]!, 'utf8')) as ProgressFile;
    const newer = bad('newer.progress.json', JSON.stringify({ ...other, exportId: '11111111-2222-4333-8444-555555555555', exportedAt: '2027-01-01T00:00:00.000Z', packs: [{ ...other.packs[0], version: '1.1.0' }] }));
    const evilName = bad('evil\u001b[2J.progress.json', 'nope');
    const missing = path.join(outDir, 'missing.progress.json');

    const r = await cli(['cohort', 'report', ...files, broken, pack, copy, huge, newer, evilName, missing]);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      `${broken}: is not valid JSON: Expected double-quoted property name in JSON at position 31 (line 1 column 32)`,
      `${pack}: is a drill pack, not a progress file (format "mldrill-pack")`,
      `${copy}: is the same export as ${files[0]} (exportId ${(JSON.parse(fs.readFileSync(files[0]!, 'utf8')) as ProgressFile).exportId}); counted once`,
      `${huge}: is 20.0 MB; progress files must be at most 20 MB`,
      `${newer}: was exported from version 1.1.0 of pack "example-cohort"; this report covers version 1.0.0 (3 file(s)), so it is excluded. Report on it with --pack example-cohort@1.1.0`,
      `${path.join(outDir, 'evil\\u001b[2J.progress.json')}: is not valid JSON: Unexpected token 'o', "nope"`,
      `${missing}: cannot be read: ENOENT`,
    ]);
    expect(r.out).toContain('3 learner(s) from 3 of 10 file(s)');

    const json = JSON.parse((await cli(['cohort', 'report', ...files, broken, huge, '--json'])).out) as CohortReport;
    expect(json.problems).toEqual([
      { file: broken, code: 'not-json', reason: expect.stringMatching(/^is not valid JSON/) },
      { file: huge, code: 'too-large', reason: 'is 20.0 MB; progress files must be at most 20 MB' },
    ]);
    expect(json.summary.learners).toBe(3);

    // The newer version on its own terms.
    const v11 = JSON.parse((await cli(['cohort', 'report', ...files, newer, '--pack', 'example-cohort@1.1.0', '--json'])).out) as CohortReport;
    expect(v11.pack?.version).toBe('1.1.0');
    expect(v11.summary.learners).toBe(1);
  });

  it('prints a display name with terminal escapes as visible text', async () => {
    const dir = tempDir();
    const ada = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'ada.progress.json'), 'utf8')) as ProgressFile;
    const f = path.join(dir, 'eve.progress.json');
    fs.writeFileSync(f, JSON.stringify({ ...ada, displayName: 'Eve\u001b[2J\u202e', exportId: '12345678-aaaa-4bbb-8ccc-1234567890ab' }));
    const r = await cli(['cohort', 'report', f]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Eve\\u001b\[2J\\u202e +5\/7/m);
    // eslint-disable-next-line no-control-regex -- checking that no control character got through
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
  });

  it('exits 1 when no file is usable (still printing JSON with the problems), 2 for usage mistakes', async () => {
    const dir = tempDir();
    const f = path.join(dir, 'a.progress.json');
    fs.writeFileSync(f, '[]');
    const text = await cli(['cohort', 'report', f]);
    expect(text.code).toBe(1);
    expect(text.err).toBe(`${f}: is not a progress file: it holds an array, not an object\nmldrill: no usable progress file among the 1 given`);
    const json = await cli(['cohort', 'report', f, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ pack: null, files: { given: 1, used: 0 }, problems: [{ file: f, code: 'wrong-format' }] });
    const html = path.join(dir, 'r.html');
    expect((await cli(['cohort', 'report', f, '--html', html])).code).toBe(1);
    expect(fs.existsSync(html)).toBe(false);
    const empty = tempDir();
    expect((await cli(['cohort', 'report', empty, '--json'])).out).toContain('is a folder with no *.progress.json files');
    expect((await cli(['cohort', 'report'])).code).toBe(2);
    expect((await cli(['cohort', 'report', f, '--json', '--html', html])).code).toBe(2);
    expect((await cli(['cohort', 'report', f, '--pack', 'x@'])).code).toBe(2);
  });
});
