// @vitest-environment node
// manifest.json against the protocol's schema (what `extsys build` and the gateway check), and its
// api.endpoints against the contract: the gateway routes by the manifest, the UI calls by the
// contract, so the two must name the same routes.
import { contractRoutes } from '@extsys/protocol/contract';
import { Manifest } from '@extsys/protocol/manifest';
import { describe, expect, it } from 'vitest';
import { contract } from '../src/contract.js';
import manifestJson from '../manifest.json' with { type: 'json' };

describe('manifest.json', () => {
  it('is a valid manifest', () => {
    const parsed = Manifest.safeParse(manifestJson);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('declares exactly the routes of the contract', () => {
    const declared = manifestJson.api.endpoints.map((e) => `${e.handler}: ${e.method} ${e.path}`).sort();
    const served = contractRoutes(contract)
      .map((r) => `${r.handler}: ${r.method} ${r.path}`)
      .sort();
    expect(declared).toEqual(served);
  });
});
