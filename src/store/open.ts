// PLACEHOLDER-MERGE: replaced by branch store-license
import type { Logger } from 'pino';
import type { BiStore } from './types.js';

export async function openBiStore(dbUrl: string, logger: Logger): Promise<BiStore> {
  void dbUrl;
  void logger;
  throw new Error('provided by branch store-license');
}
