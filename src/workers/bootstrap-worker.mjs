// The file every analysis pool (pool.ts) starts in its worker threads: it loads the pool's worker module (named in
// workerData) and hands that module's task handler to piscina. Plain JavaScript so that node runs it in a fresh
// thread with no loader hook at all. From TypeScript sources, tsx's hooks inherited through `--import tsx` are not
// reliably active in a worker thread by the time piscina imports its file ("Unknown file extension .ts" under
// load), so a .ts worker module is loaded through tsx's API in this thread, which registers its hooks before
// importing. A built .js module (dist/, production) is imported natively: tsx, a devDependency, is never touched.
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const TYPESCRIPT = /\.[cm]?ts$/;

async function importWorkerModule(file) {
  const url = pathToFileURL(file).href;
  if (!TYPESCRIPT.test(file)) return import(url);
  // A variable specifier keeps bundlers and tsc from treating tsx as a production dependency.
  const tsxApi = 'tsx/esm/api';
  const { tsImport } = await import(tsxApi);
  return tsImport(url, import.meta.url);
}

const { workerModule } = workerData ?? {};
if (typeof workerModule !== 'string') throw new Error('bootstrap-worker: workerData.workerModule (a file path) is missing');

let handler;
try {
  handler = (await importWorkerModule(workerModule)).default;
} catch (error) {
  throw new Error(`cannot load the analysis worker module ${workerModule}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
// serveEngine's handler is a promise that piscina awaits; a rejection (engine creation failed) is piscina's to
// report, not an unhandled rejection of this thread while the promise travels to piscina.
if (handler instanceof Promise) handler.catch(() => undefined);
export default handler;
