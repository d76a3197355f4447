import { describe, expect, it } from 'vitest';
import { isIsoDateTime, isUri } from '../src/index.ts';

describe('date-time format', () => {
  it.each([
    '2024-05-01T10:00:00Z',
    '2024-05-01T10:00:00.123Z',
    '2024-05-01T10:00:00.123456789Z',
    '2024-05-01T12:00:00+02:00',
    '2024-05-01T05:00:00-0500',
    '2024-05-01t10:00:00z',
    '2024-05-01T10:00:00',
    '2024-02-29T23:59:59Z',
  ])('accepts %s, as chargers in the field send it', (value) => {
    expect(isIsoDateTime(value)).toBe(true);
  });

  it.each([
    '2024-05-01',
    '2024-05-01T10:00Z',
    '2024-05-01 10:00:00Z',
    '2024-02-30T10:00:00Z',
    '2023-02-29T10:00:00Z',
    '2024-13-01T10:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T10:00:60Z',
    '2024-05-01T10:00:00+25:00',
    '2024-05-01T10:00:00.Z',
    '1714557600',
    '',
  ])('rejects %s', (value) => {
    expect(isIsoDateTime(value)).toBe(false);
  });
});

describe('uri format', () => {
  it('wants an absolute URI', () => {
    expect(isUri('ftp://user:secret@files.example.com/diagnostics/')).toBe(true);
    expect(isUri('https://firmware.example.com/v2.bin')).toBe(true);
    expect(isUri('files.example.com/diagnostics')).toBe(false);
    expect(isUri('https://example.com/a b')).toBe(false);
  });
});
