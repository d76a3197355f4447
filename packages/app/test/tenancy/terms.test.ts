import { ConflictError, NotFoundError, type TermsDocument } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { currentTerms } from '../../src/tenancy/current-terms.ts';
import { getTerms } from '../../src/tenancy/get-terms.ts';
import { publishTerms } from '../../src/tenancy/publish-terms.ts';
import { fakeDeps } from '../support/fake-deps.ts';

/** Published versions by id; a version label is unique per kind. */
function termsStore() {
  const documents = new Map<string, TermsDocument>();
  return {
    documents,
    terms: {
      publishTermsDocument: async (_tenantId: string, document: TermsDocument) => {
        const taken = [...documents.values()].some(
          (d) => d.kind === document.kind && d.version === document.version,
        );
        if (taken) return false;
        documents.set(document.id, document);
        return true;
      },
      getTermsDocument: async (_tenantId: string, id: string) => documents.get(id),
      listAllTermsDocuments: async () =>
        [...documents.values()].map(({ text: _text, ...summary }) => summary),
    },
  };
}

describe('Terms versions', () => {
  it('publishes a version effective now unless told otherwise', async () => {
    const store = termsStore();
    const deps = fakeDeps({ repositories: { terms: store.terms } });
    const document = await publishTerms(deps, 't_1', {
      kind: 'terms',
      version: '1.0',
      material: true,
      text: 'T&C',
    });
    expect(document).toEqual({
      id: 'tv_000001',
      kind: 'terms',
      version: '1.0',
      material: true,
      text: 'T&C',
      effectiveFrom: '2026-03-15T12:00:00.000Z',
      publishedAt: '2026-03-15T12:00:00.000Z',
    });
    expect(store.documents.get('tv_000001')).toEqual(document);
  });

  it('refuses a version label already published for that kind (409), not for the other kind', async () => {
    const store = termsStore();
    const deps = fakeDeps({ repositories: { terms: store.terms } });
    await publishTerms(deps, 't_1', {
      kind: 'terms',
      version: '1.0',
      material: true,
      url: 'https://x.example/t',
    });
    await expect(
      publishTerms(deps, 't_1', { kind: 'terms', version: '1.0', material: false, text: 'again' }),
    ).rejects.toThrow(new ConflictError('terms version 1.0 is already published'));
    await publishTerms(deps, 't_1', { kind: 'privacy', version: '1.0', material: true, text: 'P' });
    expect(store.documents.size).toBe(2);
  });

  it('answers the versions in force with their text, and the latest material one as required', async () => {
    const store = termsStore();
    const deps = fakeDeps({ repositories: { terms: store.terms } });
    const v1 = await publishTerms(deps, 't_1', { kind: 'terms', version: '1', material: true, text: 'one' });
    const v2 = await publishTerms(deps, 't_1', { kind: 'terms', version: '2', material: false, text: 'two' });
    await publishTerms(deps, 't_1', {
      kind: 'terms',
      version: '3',
      material: true,
      text: 'three',
      effectiveFrom: '2026-04-01T00:00:00.000Z',
    });
    deps.setNow('2026-03-20T00:00:00Z');
    const now = await currentTerms(deps, 't_1');
    expect(now.terms).toEqual(v2);
    expect(now.terms?.text).toBe('two');
    expect(now.privacy).toBeNull();
    expect(now.required.terms?.id).toBe(v1.id);
    expect(now.required.privacy).toBeNull();
  });

  it('reads one version, and answers 404 for an unknown or implausible id', async () => {
    const store = termsStore();
    const deps = fakeDeps({ repositories: { terms: store.terms } });
    const v1 = await publishTerms(deps, 't_1', { kind: 'privacy', version: '1', material: true, text: 'p' });
    expect(await getTerms(deps, 't_1', v1.id)).toEqual(v1);
    await expect(getTerms(deps, 't_1', 'tv_nope')).rejects.toThrow(
      new NotFoundError('Terms document tv_nope'),
    );
    await expect(getTerms(deps, 't_1', 'x'.repeat(300))).rejects.toBeInstanceOf(NotFoundError);
  });
});
