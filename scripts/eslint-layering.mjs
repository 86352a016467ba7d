// The layering rule, as an allow-list in the manner of VS Code's code-layering rule: each folder names the layers
// and packages it may import, and everything else is an error. See ARCHITECTURE.md, "Layers".
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Which layer a file belongs to, from its path; null for files the rule does not govern (tests, scripts). */
export function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  if (/\.test\.tsx?$/.test(rel)) return null; // tests may reach any layer they test
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('renderer/')) return 'renderer';
  const m = /^electron\/(db|services|server|cli|shell)\//.exec(rel);
  if (m) return m[1];
  if (/^electron\/[^/]+$/.test(rel.replace(/\.ts$/, ''))) return 'policy';
  return null;
}

/** layer → the layers it may import, the packages it may import, and whether Node built-ins are allowed. */
export const LAYERS = {
  shared: { layers: ['shared'], packages: ['zod', 'papaparse', 'ts-fsrs'], node: false },
  db: { layers: ['shared', 'db'], packages: ['better-sqlite3'], node: true },
  services: { layers: ['shared', 'db', 'services'], packages: ['better-sqlite3'], node: true },
  server: { layers: ['shared', 'db', 'services', 'server', 'policy'], packages: [], node: true },
  cli: { layers: ['shared', 'db', 'services', 'server', 'cli', 'policy'], packages: [], node: true },
  shell: { layers: ['shared', 'db', 'services', 'shell', 'policy'], packages: ['electron'], node: true },
  policy: { layers: ['shared', 'policy'], packages: [], node: true },
  renderer: { layers: ['shared', 'renderer'], packages: ['react', 'react-dom', 'react-markdown', 'zustand', '@tanstack/react-query'], node: false },
};

/**
 * Packages only some folders of a layer may import: the chart libraries belong to the dashboard, which App.tsx loads
 * lazily, so they can never reach the bundle a cold start needs.
 */
export const FOLDER_PACKAGES = {
  'renderer/src/views/dashboard/': ['@visx/axis', '@visx/group', '@visx/scale', '@visx/shape', '@visx/text', 'react-calendar-heatmap'],
};

/** shared/ modules that carry the API's schemas: the renderer may import only their types. */
const TYPE_ONLY_FOR_RENDERER = ['shared/api', 'shared/methods'];

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

function check(context, node, spec, typeOnly) {
  const from = layerOf(context.filename);
  if (!from || typeof spec !== 'string') return;
  const rule = LAYERS[from];
  if (spec.startsWith('.')) {
    const target = path.resolve(path.dirname(context.filename), spec);
    const to = layerOf(target);
    if (!to || !rule.layers.includes(to)) {
      context.report({ node, message: `${from} may not import ${to ?? path.relative(ROOT, target)} (allowed: ${rule.layers.join(', ')}).` });
      return;
    }
    const rel = path.relative(ROOT, target).split(path.sep).join('/').replace(/\.tsx?$/, '');
    if (from === 'renderer' && TYPE_ONLY_FOR_RENDERER.includes(rel) && !typeOnly) {
      context.report({ node, message: `renderer may import only types from ${rel} (use \`import type\`), so the bundle carries no schemas.` });
    }
    return;
  }
  if (NODE.has(spec) || NODE.has(spec.split('/')[0])) {
    if (!rule.node) context.report({ node, message: `${from} is runtime-neutral: no Node built-ins (${spec}).` });
    return;
  }
  const rel = path.relative(ROOT, context.filename).split(path.sep).join('/');
  const extra = Object.entries(FOLDER_PACKAGES).flatMap(([folder, packages]) => (rel.startsWith(folder) ? packages : []));
  if (!rule.packages.includes(packageName(spec)) && !extra.includes(packageName(spec))) {
    context.report({ node, message: `${from} may not import the package ${spec} (allowed: ${rule.packages.join(', ') || 'none'}).` });
  }
}

const isTypeOnly = (node) => node.importKind === 'type' || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));

export const layering = {
  meta: { type: 'problem', schema: [], docs: { description: 'Imports follow the layer allow-list in ARCHITECTURE.md.' } },
  create(context) {
    return {
      ImportDeclaration: (node) => check(context, node, node.source.value, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(context, node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(context, node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(context, node, node.source.value, false),
    };
  },
};

export default { rules: { layering } };
