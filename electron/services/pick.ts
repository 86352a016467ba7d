/**
 * Which questions a new drill holds, by focus (docs/learning-loop.md, "Drill modes"):
 * - mixed: today's due reviews first (most forgotten first), then new questions, then the rest by lowest recall;
 * - due: today's due reviews only, within the daily cap;
 * - new: questions never practised, in random order;
 * - weakest: the mixed order within the three chosen areas of lowest mastery.
 * Every focus takes only live questions of packs on offer, narrowed by the areas, level and filter given.
 */
import type Database from 'better-sqlite3';
import { AREAS, areaTitle, type AreaId } from '../../shared/areas';
import type { DrillFocus } from '../../shared/enums';
import { planDue } from '../../shared/learning/schedule';
import type { ParsedArg, Where } from '../../shared/methods';
import type { Clock } from './clock';
import { learningState, scheduleSettings, weakestAreas } from './learning';
import { listQuestionRows } from './questions';

function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface Pick {
  keys: number[];
  /** The areas the pick drew from (the weakest three for that focus). */
  areas: AreaId[];
  /** Why nothing was picked, as a sentence, when keys is empty. */
  empty: string;
}

export function pickForDrill(db: Database.Database, clock: Clock, arg: ParsedArg<'startSession'>): Pick {
  const focus: DrillFocus = arg.focus ?? 'mixed';
  const state = learningState(db, clock);
  const areas = focus === 'weakest' ? weakestAreas(state.areas, arg.areas) : arg.areas;
  const levels = arg.level === 'any' ? arg.filter?.levels : [arg.level];
  const where: Where = { ...arg.filter, areas, ...(levels ? { levels } : {}) };
  const candidates = listQuestionRows(db, where).map((r) => r.key);
  const inSelection = new Set(candidates);
  const cards = new Map(state.cards.map((c) => [c.key, c]));
  // The day's capped plan over every card, so a due drill of some areas never exceeds what is due today.
  const plan = planDue(
    state.cards.filter((c) => c.onOffer),
    state.now.day,
    scheduleSettings(state.settings),
    state.today.reviewsDone,
  );
  const due = plan.today.map((c) => c.key).filter((k) => inSelection.has(k));
  const dueSet = new Set(due);
  const fresh = shuffled(candidates.filter((k) => !cards.has(k)));
  const rest = candidates.filter((k) => cards.has(k) && !dueSet.has(k)).sort((a, b) => cards.get(a)!.recall - cards.get(b)!.recall);
  const ordered = focus === 'due' ? due : focus === 'new' ? fresh : [...due, ...fresh, ...rest];
  const what = describe(where, arg.level);
  const empty =
    focus === 'due'
      ? `Nothing is due today in ${what}. Try new questions, or practise your weakest areas.`
      : focus === 'new'
        ? `Every question in ${what} has been practised. Choose Mixed to review them, or add more areas.`
        : `No questions match ${what}. Choose more areas or another level.`;
  return { keys: ordered.slice(0, arg.count), areas, empty };
}

function describe(where: Where, level: string): string {
  const areas = (where.areas ?? []).map(areaTitle);
  const parts = [`${areas.length === AREAS.length ? 'all areas' : areas.join(', ')}${level === 'any' ? '' : ` at ${level} level`}`];
  if (where.tags?.length) parts.push(`tagged ${where.tags.join(' or ')}`);
  if (where.kinds?.length) parts.push(`of kind ${where.kinds.join(' or ')}`);
  if (where.roles?.length) parts.push(`for ${where.roles.join(' or ')}`);
  if (where.concepts?.length) parts.push(`exercising ${where.concepts.join(' or ')}`);
  return parts.join(', ');
}
