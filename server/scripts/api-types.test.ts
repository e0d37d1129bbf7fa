import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { API_TYPES_FILE, renderApiTypes } from './api-types.js';

/** The first line where two texts part, for a message that points at the drift. */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}:\n  committed: ${a[at] ?? '(end of file)'}\n  schemas:   ${b[at] ?? '(end of file)'}`;
}

describe('API contract (decision 0013)', () => {
  it('the web app\'s committed API types match the server\'s route schemas', async () => {
    assert.ok(existsSync(API_TYPES_FILE), 'web/src/api/generated/openapi.ts is missing: run `npm run api:types` and commit it');
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    const fresh = await renderApiTypes();
    assert.ok(
      committed === fresh,
      `The API contract drifted: the server's schemas no longer match web/src/api/generated/openapi.ts.\n` +
        `Run \`npm run api:types\`, fix what the web typecheck then reports, and commit both.\n${firstDifference(committed, fresh)}`,
    );
  });
});
