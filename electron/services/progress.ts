/** Per-area figures for Home and `mldrill progress`. */
import type Database from 'better-sqlite3';
import { AREAS } from '../../shared/areas';
import type { AreaProgress } from '../../shared/api';

export function areaProgress(db: Database.Database): AreaProgress[] {
  const available = new Map(
    (db.prepare('SELECT area, COUNT(*) AS n FROM questions WHERE retired = 0 GROUP BY area').all() as { area: string; n: number }[]).map((r) => [
      r.area,
      r.n,
    ]),
  );
  const practised = new Map(
    (
      db
        .prepare(
          // practised counts questions still on offer, so it never exceeds available after a pack retires some.
          `SELECT q.area, COUNT(*) AS attempts, COUNT(DISTINCT CASE WHEN q.retired = 0 THEN a.question_key END) AS practised,
                  AVG(a.coverage) AS coverage
           FROM attempts a JOIN questions q ON q.key = a.question_key GROUP BY q.area`,
        )
        .all() as { area: string; attempts: number; practised: number; coverage: number | null }[]
    ).map((r) => [r.area, r]),
  );
  return AREAS.map(({ id, title }) => {
    const p = practised.get(id);
    return {
      id,
      title,
      attempts: p?.attempts ?? 0,
      practised: p?.practised ?? 0,
      available: available.get(id) ?? 0,
      coverage: p?.coverage ?? null,
    };
  });
}

/** Figures for a data folder that has no database yet: nothing practised, the bank's questions available. */
export function emptyProgress(available: ReadonlyMap<string, number>): AreaProgress[] {
  return AREAS.map(({ id, title }) => ({ id, title, attempts: 0, practised: 0, available: available.get(id) ?? 0, coverage: null }));
}
