import { describe, expect, it } from 'vitest';
import {
  currentTermsDocuments,
  requiredTermsDocuments,
  type TermsDocument,
  termsPublishSchema,
  termsStatusOf,
} from '../src/terms.ts';

const now = new Date('2025-06-01T00:00:00Z');
let sequence = 0;
function doc(
  kind: TermsDocument['kind'],
  version: string,
  material: boolean,
  effectiveFrom: string,
): TermsDocument {
  sequence += 1;
  return {
    id: `tv${kind}${version}`,
    kind,
    version,
    material,
    url: `https://example.com/${kind}/${version}`,
    effectiveFrom,
    publishedAt: `2025-01-01T00:00:${String(sequence).padStart(2, '0')}.000Z`,
  };
}

const terms1 = doc('terms', '1.0', true, '2025-01-01T00:00:00.000Z');
const terms11 = doc('terms', '1.1', false, '2025-02-01T00:00:00.000Z');
const terms2 = doc('terms', '2.0', true, '2025-03-01T00:00:00.000Z');
const terms21 = doc('terms', '2.1', false, '2025-04-01T00:00:00.000Z');
const termsFuture = doc('terms', '3.0', true, '2025-12-01T00:00:00.000Z');
const privacy1 = doc('privacy', '1', false, '2025-01-01T00:00:00.000Z');
const privacy2 = doc('privacy', '2', false, '2025-05-01T00:00:00.000Z');
const all = [terms1, terms11, terms2, terms21, termsFuture, privacy1, privacy2];

describe('which Terms versions are in force and which must be accepted (A2)', () => {
  it('the current version is the latest in force, material or not; future versions wait', () => {
    const current = currentTermsDocuments(all, now);
    expect(current.terms?.version).toBe('2.1');
    expect(current.privacy?.version).toBe('2');
    expect(currentTermsDocuments([], now)).toEqual({ terms: null, privacy: null });
  });

  it('the required version is the latest material one in force; the first version of a kind counts as material', () => {
    const required = requiredTermsDocuments(all, now);
    expect(required.terms?.version).toBe('2.0');
    expect(required.privacy?.version).toBe('1');
  });
});

describe('termsStatusOf: a customer "has current Terms accepted"', () => {
  const accepted = (...docs: TermsDocument[]) => docs.map((d) => ({ termsId: d.id }));

  it('is up to date with the required material version of every kind', () => {
    expect(termsStatusOf(all, accepted(terms2, privacy1), now)).toEqual({ upToDate: true, missing: [] });
  });

  it('stays up to date when only a minor version was published since (minor changes are only notified)', () => {
    // terms 2.1 and privacy 2 are minor: accepting 2.0 and 1 is enough.
    expect(termsStatusOf(all, accepted(terms2, privacy1), now).upToDate).toBe(true);
  });

  it('is not up to date after a material change, and names what is missing', () => {
    expect(termsStatusOf(all, accepted(terms11, privacy1), now)).toEqual({
      upToDate: false,
      missing: [{ kind: 'terms', version: '2.0', termsId: terms2.id }],
    });
  });

  it('counts acceptance of a later version as covering the material change before it', () => {
    expect(termsStatusOf(all, accepted(terms21, privacy2), now).upToDate).toBe(true);
  });

  it('asks a new customer for both kinds, and nothing before anything is published', () => {
    expect(termsStatusOf(all, [], now).missing.map((m) => m.kind)).toEqual(['terms', 'privacy']);
    expect(termsStatusOf([], [], now)).toEqual({ upToDate: true, missing: [] });
  });

  it('requires a material version only once it takes effect', () => {
    const later = new Date('2025-12-02T00:00:00Z');
    expect(termsStatusOf(all, accepted(terms2, privacy1), later).missing).toEqual([
      { kind: 'terms', version: '3.0', termsId: termsFuture.id },
    ]);
  });
});

describe('publishing input', () => {
  it('needs the document as url or text, and a zoned timestamp', () => {
    const noContent = termsPublishSchema.safeParse({ kind: 'terms', version: '1', material: true });
    expect(noContent.error?.issues.map((i) => i.path.join('.'))).toEqual(['url']);
    const badDate = termsPublishSchema.safeParse({
      kind: 'terms',
      version: '1',
      material: true,
      text: 'x',
      effectiveFrom: '2025-01-01',
    });
    expect(badDate.error?.issues.map((i) => i.path.join('.'))).toEqual(['effectiveFrom']);
    const ok = termsPublishSchema.parse({
      kind: 'privacy',
      version: '1',
      material: false,
      text: 'x',
      effectiveFrom: '2025-01-01T02:00:00+02:00',
    });
    expect(ok.effectiveFrom).toBe('2025-01-01T00:00:00.000Z');
  });
});
