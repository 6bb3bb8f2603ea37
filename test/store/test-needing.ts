import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';

/**
 * Registers a test that needs a service (a PostgreSQL server, its binaries). When `missing` names what is not there,
 * the test is skipped with that reason locally, and fails in CI (CI set): CI must never pass by skipping.
 */
export function testNeeding(missing: string | null, name: string, body: (t: TestContext) => Promise<void>): void {
  if (missing !== null && !process.env.CI) {
    test(name, { skip: missing }, () => undefined);
    return;
  }
  test(name, async (t) => {
    if (missing !== null) assert.fail(`cannot run in CI: ${missing}`);
    await body(t);
  });
}
