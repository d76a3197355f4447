import { type TermsDocument, type TermsStatus, termsKinds } from '@csms/core';
import * as z from 'zod';
import { isoTimestamp } from '../schemas.ts';

/** A Terms or Privacy version without its text (listings). */
export const termsSummaryView = z
  .object({
    id: z.string(),
    kind: z.enum(termsKinds),
    version: z.string(),
    material: z.boolean().describe('Material versions must be accepted again before the next charge'),
    url: z.string().nullable(),
    effectiveFrom: isoTimestamp,
    publishedAt: isoTimestamp,
  })
  .meta({ id: 'TermsSummary' });

export const termsDocumentView = termsSummaryView.extend({ text: z.string().nullable() }).meta({
  id: 'TermsDocument',
});

export const termsStatusView = z
  .object({
    upToDate: z.boolean().describe('Accepted the latest material version of every kind in force'),
    missing: z.array(z.object({ kind: z.enum(termsKinds), version: z.string(), termsId: z.string() })),
  })
  .meta({ id: 'TermsStatus' });

export const termsAcceptanceView = z.object({
  termsId: z.string(),
  kind: z.enum(termsKinds),
  version: z.string(),
  acceptedAt: isoTimestamp,
});

export const toTermsSummary = (d: TermsDocument): z.infer<typeof termsSummaryView> => ({
  id: d.id,
  kind: d.kind,
  version: d.version,
  material: d.material,
  url: d.url ?? null,
  effectiveFrom: d.effectiveFrom,
  publishedAt: d.publishedAt,
});

export const toTermsDocument = (d: TermsDocument): z.infer<typeof termsDocumentView> => ({
  ...toTermsSummary(d),
  text: d.text ?? null,
});

export const toTermsStatus = (status: TermsStatus): z.infer<typeof termsStatusView> => ({
  upToDate: status.upToDate,
  missing: status.missing.map(({ kind, version, termsId }) => ({ kind, version, termsId })),
});
