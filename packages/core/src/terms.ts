import * as z from 'zod';
import { isoInstantSchema } from './iso-instant.ts';

/**
 * Versioned Terms and Privacy documents and their acceptance (A1, A2). A material change must be accepted
 * again before the next charge; a minor change is only notified (the notification itself goes out with the
 * customer e-mail feature; publishing a minor version changes nobody's standing).
 */
export const termsKinds = ['terms', 'privacy'] as const;
export type TermsKind = (typeof termsKinds)[number];

export const termsPublishSchema = z
  .strictObject({
    kind: z.enum(termsKinds),
    version: z.string().trim().min(1).max(50).describe('Label of this version, unique per kind, e.g. "2.1"'),
    material: z.boolean().describe('A material change must be accepted again; a minor one is only notified'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    text: z.string().min(1).max(100_000).optional(),
    effectiveFrom: isoInstantSchema.optional().describe('When the version applies; default: now'),
  })
  .superRefine((value, ctx) => {
    // A customer must be able to read what they accept.
    if (value.url === undefined && value.text === undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'Give the document as `url` or `text`' });
    }
  });
export type TermsPublish = z.infer<typeof termsPublishSchema>;

export interface TermsDocument {
  readonly id: string;
  readonly kind: TermsKind;
  readonly version: string;
  readonly material: boolean;
  readonly url?: string;
  readonly text?: string;
  readonly effectiveFrom: string;
  readonly publishedAt: string;
}

export interface TermsAcceptance {
  readonly termsId: string;
  readonly kind: TermsKind;
  readonly version: string;
  readonly acceptedAt: string;
}

export interface TermsStatus {
  readonly upToDate: boolean;
  /** Per kind, the version the customer still has to accept before charging. */
  readonly missing: readonly {
    readonly kind: TermsKind;
    readonly version: string;
    readonly termsId: string;
  }[];
}

/** Versions are free labels; their order is the order in which they take effect (then of publication). */
export function compareTermsDocuments(a: TermsDocument, b: TermsDocument): number {
  return (
    a.effectiveFrom.localeCompare(b.effectiveFrom) ||
    a.publishedAt.localeCompare(b.publishedAt) ||
    a.id.localeCompare(b.id)
  );
}

const inEffect = (documents: readonly TermsDocument[], kind: TermsKind, now: Date) =>
  documents
    .filter((d) => d.kind === kind && d.effectiveFrom <= now.toISOString())
    .sort(compareTermsDocuments);

/** The version of each kind in force now (material or not), or null when none was published yet. */
export function currentTermsDocuments(
  documents: readonly TermsDocument[],
  now: Date,
): Record<TermsKind, TermsDocument | null> {
  const latest = (kind: TermsKind) => inEffect(documents, kind, now).at(-1) ?? null;
  return { terms: latest('terms'), privacy: latest('privacy') };
}

/**
 * The version of each kind a customer must have accepted: the latest material version in force. The first
 * version of a kind counts as material whatever its flag, since nobody can have accepted anything earlier.
 */
export function requiredTermsDocuments(
  documents: readonly TermsDocument[],
  now: Date,
): Record<TermsKind, TermsDocument | null> {
  const required = (kind: TermsKind) => {
    const effective = inEffect(documents, kind, now);
    const first = effective[0];
    return effective.filter((d) => d.material || d === first).at(-1) ?? null;
  };
  return { terms: required('terms'), privacy: required('privacy') };
}

/**
 * "Has current Terms accepted" (A1, A2, I4): for each kind, the customer accepted the required version or any
 * later one (accepting a newer minor version includes the material change before it).
 */
export function termsStatusOf(
  documents: readonly TermsDocument[],
  acceptances: readonly Pick<TermsAcceptance, 'termsId'>[],
  now: Date,
): TermsStatus {
  const accepted = new Set(acceptances.map((a) => a.termsId));
  const missing: { kind: TermsKind; version: string; termsId: string }[] = [];
  const required = requiredTermsDocuments(documents, now);
  for (const kind of termsKinds) {
    const needed = required[kind];
    if (!needed) continue;
    const satisfied = documents.some(
      (d) => d.kind === kind && accepted.has(d.id) && compareTermsDocuments(d, needed) >= 0,
    );
    if (!satisfied) missing.push({ kind, version: needed.version, termsId: needed.id });
  }
  return { upToDate: missing.length === 0, missing };
}
