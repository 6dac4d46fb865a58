/** The 33 State Council documents of fixtures/corpus-extra against their gold (fixtures/gold/state-council). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { f1 } from '../eval/gold.js';
import { DOC_FIELDS } from '../eval/docs.js';
import { scoreStateCouncil } from '../eval/state-council.js';

test('State Council documents: every file is one document with the gold fields', () => {
  const { files, score } = scoreStateCouncil();
  assert.equal(files, 33);
  assert.deepEqual(score.errors, []);
  assert.equal(f1(score.segmentation).f1, 1);
  for (const f of DOC_FIELDS) assert.equal(score.fields[f].right, score.fields[f].total, f);
  assert.equal(score.attachments.found, score.attachments.total);
});
