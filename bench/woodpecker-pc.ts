// woodpecker-pc detector time after the front-end (see bench/printed-copy.ts). Target: 40 ms on one core.
//   UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/woodpecker-pc.ts [MANIFEST] [PER_CLASS]
import { woodpeckerFeatures } from '../src/pipelines/printed-copy/features.js';
import { benchPrintedCopy } from './printed-copy.js';

await benchPrintedCopy('woodpecker-pc', woodpeckerFeatures, process.argv.slice(2));
