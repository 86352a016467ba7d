/** Per-area figures for Home and `mldrill progress`. */
import type Database from 'better-sqlite3';
import { AREAS, LEVELS, type Level } from '../../shared/areas';
import type { AreaProgress, ProgressReport } from '../../shared/api';

/** An area's counts, before the learning loop adds mastery and due reviews (services/learning.ts). */
export type AreaCounts = Omit<AreaProgress, 'mastery' | 'due'>;
import { PACK_ON_OFFER } from './questions';

/**
 * Available and practised count live questions of packs on offer (enabled, not removed), what a drill can pick;
 * attempts and coverage count every graded attempt, so a disabled or removed pack's history still shows.
 */
export function areaProgress(db: Database.Database): AreaCounts[] {
  const byLevel = new Map<string, Record<Level, number>>();
  for (const r of db
    .prepare(`SELECT q.area, q.level, COUNT(*) AS n FROM questions q JOIN packs p ON p.id = q.pack_id WHERE q.retired = 0 AND ${PACK_ON_OFFER} GROUP BY q.area, q.level`)
    .all() as {
    area: string;
    level: Level;
    n: number;
  }[]) {
    const counts = byLevel.get(r.area) ?? noneByLevel();
    if (r.level in counts) counts[r.level] = r.n;
    byLevel.set(r.area, counts);
  }
  // From the cards (one row per practised question, with its attempt count and coverage sum), not a scan of attempts.
  const practised = new Map(
    (
      db
        .prepare(
          // practised counts questions still on offer, so it never exceeds available after a pack retires some.
          `SELECT q.area, SUM(c.graded) AS attempts, SUM(CASE WHEN q.retired = 0 AND ${PACK_ON_OFFER} THEN 1 ELSE 0 END) AS practised,
                  SUM(c.coverage_sum) / SUM(c.graded) AS coverage
           FROM cards c JOIN questions q ON q.key = c.question_key JOIN packs p ON p.id = q.pack_id GROUP BY q.area`,
        )
        .all() as { area: string; attempts: number; practised: number; coverage: number | null }[]
    ).map((r) => [r.area, r]),
  );
  return AREAS.map(({ id, title }) => {
    const p = practised.get(id);
    const availableByLevel = byLevel.get(id) ?? noneByLevel();
    return {
      id,
      title,
      attempts: p?.attempts ?? 0,
      practised: p?.practised ?? 0,
      available: sum(availableByLevel),
      coverage: p?.coverage ?? null,
      availableByLevel,
    };
  });
}

const noneByLevel = () => Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
const sum = (counts: Record<Level, number>) => LEVELS.reduce((n, l) => n + counts[l], 0);

/** The progress report for a data folder that has no database yet: nothing practised or due, the bank available. */
export function emptyReport(available: ReadonlyMap<string, Partial<Record<Level, number>>>): ProgressReport {
  return {
    areas: emptyProgress(available).map(({ id, attempts, practised, available: n, coverage }) => ({ id, mastery: null, due: 0, attempts, practised, available: n, coverage })),
    weakConcepts: [],
    dueToday: 0,
  };
}

/** Figures for a data folder that has no database yet: nothing practised, the bank's questions available. */
export function emptyProgress(available: ReadonlyMap<string, Partial<Record<Level, number>>>): AreaCounts[] {
  return AREAS.map(({ id, title }) => {
    const availableByLevel = { ...noneByLevel(), ...available.get(id) };
    return { id, title, attempts: 0, practised: 0, available: sum(availableByLevel), coverage: null, availableByLevel };
  });
}
