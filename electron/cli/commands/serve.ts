/** `mldrill serve [--port N] [--data DIR]`: browser mode on 127.0.0.1. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, type RunningServer } from '../../server/serve';
import { createDispatcher, parseFaults } from '../../services/dispatch';
import { clockFrom } from '../../services/clock';
import { createServices } from '../../services/index';
import { packageRoot } from '../../services/paths';
import { DATA_OPTION, UsageError, dataDir, type CliIO, type Command } from '../io';

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, data: { type: 'string' } } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got ${values.port})`);
  const root = packageRoot(import.meta.url);
  // MLDRILL_RENDERER_DIR serves a renderer built elsewhere (tests use a stand-in, so they need no build).
  const rendererDir = io.env.MLDRILL_RENDERER_DIR ? path.resolve(io.env.MLDRILL_RENDERER_DIR) : path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    io.err(`The renderer is not built (${rendererDir} is missing). Run \`npm run build\` first.`);
    return 1;
  }
  const dir = dataDir(values, io.env);
  // MLDRILL_NOW starts the services' clock at that instant (end-to-end tests of schedules and dashboards).
  const clock = clockFrom(io.env.MLDRILL_NOW);
  if (io.env.MLDRILL_NOW && !clock) throw new UsageError(`MLDRILL_NOW must be an ISO instant such as 2026-03-01T09:00:00Z (got ${io.env.MLDRILL_NOW})`);
  const services = createServices({ dataDir: dir, bankDir: path.join(root, 'resources', 'bank'), ...(clock ? { clock } : {}), startupChecks: true });
  let server: RunningServer;
  try {
    server = await startServer({ dispatch: createDispatcher(services.api, parseFaults(io.env.MLDRILL_FAULTS)), rendererDir, port });
  } catch (e) {
    // E.g. the port is in use: runCli prints the one-line reason; the database must not stay open behind it.
    services.close();
    throw e;
  }
  io.out(`ML Interview Drill is running in browser mode. Open this URL (the token in it changes at every start):`);
  io.out(server.url);
  io.out(`data: ${dir}`);
  const stop = () => {
    void server.close().then(() => {
      services.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

export const serve: Command = {
  name: 'serve',
  summary: 'run the app in a browser on 127.0.0.1',
  usage: `Usage: mldrill serve [--port N] [--data DIR]

Runs the app in a browser on 127.0.0.1 and prints the URL to open; its token changes at every start.
  --port N     port to listen on, 0 to 65535 (default 0: any free port)
${DATA_OPTION}
  -h, --help   show this help`,
  run,
};
