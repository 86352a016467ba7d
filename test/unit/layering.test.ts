import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** The layering rule's messages for one import written in a file at `file` (relative to the repository). */
async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'local/layering').map((m) => m.message);
}

describe('the layering allow-list', () => {
  it.each([
    ['electron/db/x.ts', "import { startServer } from '../server/serve';\nvoid startServer;", /db may not import server/],
    ['shared/x.ts', "import fs from 'node:fs';\nvoid fs;", /no Node built-ins/],
    ['shared/x.ts', "import { openDatabase } from '../electron/db/open';\nvoid openDatabase;", /shared may not import db/],
    ['renderer/src/x.ts', "import { METHODS } from '../../shared/methods';\nvoid METHODS;", /only types from shared\/methods/],
    ['renderer/src/x.ts', "import { ok } from '../../electron/services/errors';\nvoid ok;", /renderer may not import services/],
    ['electron/services/x.ts', "import { app } from 'electron';\nvoid app;", /may not import the package electron/],
    ['electron/services/x.ts', "import { startServer } from '../server/serve';\nvoid startServer;", /services may not import server/],
    // Chart libraries only in the lazily loaded dashboard, never in a file a cold start loads.
    ['renderer/src/views/Home.tsx', "import { scaleLinear } from '@visx/scale';\nvoid scaleLinear;", /renderer may not import the package @visx\/scale/],
    ['renderer/src/App.tsx', "import CalendarHeatmap from 'react-calendar-heatmap';\nvoid CalendarHeatmap;", /may not import the package react-calendar-heatmap/],
  ])('refuses %s: %s', async (file, code, message) => {
    expect(await layeringErrors(file, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['electron/services/x.ts', "import { openDatabase } from '../db/open';\nvoid openDatabase;"],
    ['electron/server/x.ts', "import { createDispatcher } from '../services/dispatch';\nvoid createDispatcher;"],
    ['electron/shell/x.ts', "import { app } from 'electron';\nvoid app;"],
    ['renderer/src/x.ts', "import type { Bridge } from '../../shared/api';\nexport type B = Bridge;"],
    ['renderer/src/x.ts', "import { AREAS } from '../../shared/areas';\nvoid AREAS;"],
    ['shared/x.ts', "import { z } from 'zod';\nvoid z;"],
    ['renderer/src/views/dashboard/x.tsx', "import { scaleLinear } from '@visx/scale';\nvoid scaleLinear;"],
  ])('allows %s: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});
