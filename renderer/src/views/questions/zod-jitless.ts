/**
 * Imported before anything that loads zod (shared/pack-schema.ts, through shared/validate-pack.ts): turns off zod's
 * compiled parsers in the page. Their feature probe runs `new Function("")`, which the app's CSP (no 'unsafe-eval')
 * refuses; zod catches that and falls back, but the browser still reports a `securitypolicyviolation` for it. zod
 * reads its settings from this global (the one `z.config()` writes), and skips the probe when `jitless` is set.
 * The renderer may not import zod itself (see the layering rule), hence the global.
 */
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig ??= {};
holder.__zod_globalConfig.jitless = true;

export {};
