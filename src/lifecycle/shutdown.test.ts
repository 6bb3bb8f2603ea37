import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { shutDown } from './shutdown.js';

const logger = pino({ level: 'silent' });

test('closes the app, then the engine, then the store, even when a step fails', async () => {
  const order: string[] = [];
  const result = await shutDown(
    {
      app: { close: async () => void order.push('app') },
      engine: {
        close: async () => {
          order.push('engine');
          throw new Error('worker would not stop');
        },
      },
      store: { close: async () => void order.push('store') },
    },
    { timeoutMs: 5_000, logger },
  );
  assert.equal(result, 'clean');
  assert.deepEqual(order, ['app', 'engine', 'store']);
});

test('a step that never ends makes the shutdown report "timed out" instead of hanging', async () => {
  const result = await shutDown({ app: { close: () => new Promise<void>(() => {}) } }, { timeoutMs: 50, logger });
  assert.equal(result, 'timed out');
});
