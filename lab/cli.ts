// `npm run lab -- generate --out DIR --count N --seed S [--classes ...] [--split ...] [--workers N] [--print-process P] [--room-light cast] [--screen-falloff on] [--screen-awb frame] [--print-cut card] [--isp-denoise phone]`
import { SingleBar, Presets } from 'cli-progress';
import { GENERATE_USAGE, LabUsageError, parseGenerateArgs } from './cli-args.js';
import { runGenerator } from './generate-pool.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'generate') {
    process.stderr.write(`${command === undefined ? 'missing command' : `unknown command "${command}"`}; accepted: generate\n${GENERATE_USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = parseGenerateArgs(rest);
  } catch (err) {
    if (err instanceof LabUsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const bar = new SingleBar({ format: 'lab {bar} {value}/{total} images | {eta_formatted} left | {rate}/min', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  const started = Date.now();
  bar.start(config.count, 0, { rate: '0' });
  const result = await runGenerator(config, (done) => {
    bar.update(done, { rate: ((done / Math.max(1, Date.now() - started)) * 60000).toFixed(1) });
  });
  bar.stop();
  const perMin = (config.count / result.wallMs) * 60000;
  process.stderr.write(`wrote ${result.entries.length} images and manifest.jsonl to ${config.out} in ${(result.wallMs / 1000).toFixed(1)} s (${perMin.toFixed(1)} images/min on ${config.workers} worker${config.workers > 1 ? 's' : ''})\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 1;
  },
);
