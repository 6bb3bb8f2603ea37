// Progress bar on stderr (stdout stays clean for tables and JSON), shown only for more than a few images and only
// when stderr is a terminal.

import { SingleBar, Presets } from 'cli-progress';

export const PROGRESS_MIN_IMAGES = 5;

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function startProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (total < PROGRESS_MIN_IMAGES || !stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({ stream, format: 'images {bar} {value}/{total} | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
