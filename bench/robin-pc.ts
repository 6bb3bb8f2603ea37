// robin-pc detector time after the front-end (see bench/printed-copy.ts). Target: 15 ms on one core.
//   UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/robin-pc.ts [MANIFEST] [PER_CLASS]
import { robinFeatures } from '../src/pipelines/printed-copy/features.js';
import { benchPrintedCopy } from './printed-copy.js';

await benchPrintedCopy('robin-pc', robinFeatures, process.argv.slice(2));
