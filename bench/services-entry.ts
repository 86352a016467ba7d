// What bench/bench.mjs loads from source (bundled by esbuild in loadServices): the services, and the pure rules and
// queries its hand-written references and its seeding reuse, so both sides of a comparison run the same formulas.
export * from '../electron/services/index';
export { createDispatcher } from '../electron/services/dispatch';
export { dayStartHour, replayCards } from '../electron/db/cards';
export { areaProgress } from '../electron/services/progress';
export { streaks } from '../electron/services/learning';
export { AREAS } from '../shared/areas';
export { CONCEPTS } from '../shared/concepts';
export { coverage } from '../shared/scoring';
export { DAY_MS, DEFAULT_DAY_START_HOUR, cardClock, dayLabel, localDay, weekStart } from '../shared/learning/days';
export { retrievability } from '../shared/learning/fsrs';
export { mastery } from '../shared/learning/mastery';
export { WEAK_RULES, byWeakness, tally } from '../shared/learning/weak-concepts';
