// The routing rule between vulture-sr's two heads, with test doubles of the heads (fixed scores) so that each case
// is decided by the rule alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Detector, DetectorInput } from '../detector.js';
import { routeScores, routedExplain, routedScore } from './route.js';

function fakeHead(score: number, head: string, calls: string[]): Detector {
  return {
    name: 'vulture-sr',
    async score() {
      calls.push(head);
      return score;
    },
    async explain() {
      calls.push(head);
      return { score, evidence: { features: [], regions: null, details: { head } } };
    },
    dispose: async () => {},
  };
}

const withDocument = { document: {} } as unknown as DetectorInput;
const withoutDocument = { document: null } as unknown as DetectorInput;

test('routeScores: without a document the whole-image head judges', () => {
  assert.deepEqual(routeScores(null, 1.5), { judgedBy: 'whole-image', score: 1.5, document: null, wholeImage: 1.5 });
});

test('routeScores: with a document the lower (more suspicious) score wins, ties go to the document head', () => {
  assert.equal(routeScores(3.9, -0.4).judgedBy, 'whole-image');
  assert.equal(routeScores(3.9, -0.4).score, -0.4);
  assert.equal(routeScores(-2, 1).judgedBy, 'document');
  assert.equal(routeScores(-2, 1).score, -2);
  assert.equal(routeScores(0.5, 0.5).judgedBy, 'document');
});

test('routedScore: a document the document head passes is failed by a suspicious whole image', async () => {
  const calls: string[] = [];
  const heads = { document: fakeHead(4, 'document', calls), wholeImage: fakeHead(-1, 'whole-image', calls) };
  assert.equal(await routedScore(heads, withDocument), -1);
  assert.deepEqual(calls.sort(), ['document', 'whole-image']);
});

test('routedScore: without a document the document head is never asked', async () => {
  const calls: string[] = [];
  const heads = { document: fakeHead(4, 'document', calls), wholeImage: fakeHead(2, 'whole-image', calls) };
  assert.equal(await routedScore(heads, withoutDocument), 2);
  assert.deepEqual(calls, ['whole-image']);
});

test('routedExplain: the judging head\'s evidence, both raw scores in details.route, the same score as routedScore', async () => {
  const heads = { document: fakeHead(-3, 'document', []), wholeImage: fakeHead(2, 'whole-image', []) };
  const explained = await routedExplain(heads, withDocument);
  assert.equal(explained.score, await routedScore(heads, withDocument));
  assert.equal(explained.evidence.details.head, 'document');
  assert.deepEqual(explained.evidence.details.route, { judgedBy: 'document', score: -3, document: -3, wholeImage: 2 });
  const alone = await routedExplain(heads, withoutDocument);
  assert.equal(alone.evidence.details.head, 'whole-image');
  assert.deepEqual(alone.evidence.details.route, { judgedBy: 'whole-image', score: 2, document: null, wholeImage: 2 });
});
