// The web app's typed client comes from the server's own OpenAPI document: the committed types (and the
// tool schemas its form tests render) must be exactly what the server describes now.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOL_SCHEMAS, toolSchemas, WEB_CLIENT_TYPES, webClientTypes } from '../scripts/web-client.ts';

describe('the web client', () => {
  it("is generated from the server's current schemas (run npm run web:client after changing them)", async () => {
    expect(readFileSync(WEB_CLIENT_TYPES, 'utf8')).toBe(await webClientTypes());
  });

  it('renders the current built-in tool schemas in its form tests', () => {
    expect(readFileSync(TOOL_SCHEMAS, 'utf8')).toBe(toolSchemas());
  });

  it('types every route of the document', async () => {
    const types = await webClientTypes();
    for (const path of ['/sessions/{id}/changes', '/environments/{env}/tools', '/sessions/{id}/draft'])
      expect(types).toContain(`"${path}"`);
  });
});
