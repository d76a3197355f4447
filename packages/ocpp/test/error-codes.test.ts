import { describe, expect, it } from 'vitest';
import {
  errorCodeFor,
  errorReasonOf,
  isErrorCodeOf,
  OCPP16_ERROR_CODES,
  OCPP201_ERROR_CODES,
  OcppError,
  type OcppErrorReason,
} from '../src/index.ts';

describe('CALLERROR codes per version', () => {
  it('spells each reason the way the version does', () => {
    const expected: Record<OcppErrorReason, [ocpp16: string, ocpp201: string]> = {
      FormatViolation: ['FormationViolation', 'FormatViolation'],
      GenericError: ['GenericError', 'GenericError'],
      InternalError: ['InternalError', 'InternalError'],
      MessageTypeNotSupported: ['GenericError', 'MessageTypeNotSupported'],
      NotImplemented: ['NotImplemented', 'NotImplemented'],
      NotSupported: ['NotSupported', 'NotSupported'],
      OccurrenceConstraintViolation: ['OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
      PropertyConstraintViolation: ['PropertyConstraintViolation', 'PropertyConstraintViolation'],
      ProtocolError: ['ProtocolError', 'ProtocolError'],
      RpcFrameworkError: ['FormationViolation', 'RpcFrameworkError'],
      SecurityError: ['SecurityError', 'SecurityError'],
      TypeConstraintViolation: ['TypeConstraintViolation', 'TypeConstraintViolation'],
    };
    for (const [reason, [ocpp16, ocpp201]] of Object.entries(expected)) {
      expect(errorCodeFor('ocpp1.6', reason as OcppErrorReason)).toBe(ocpp16);
      expect(errorCodeFor('ocpp2.0.1', reason as OcppErrorReason)).toBe(ocpp201);
    }
  });

  it('only ever produces codes from the version’s own table', () => {
    for (const code of [...OCPP16_ERROR_CODES, ...OCPP201_ERROR_CODES]) {
      expect(isErrorCodeOf('ocpp1.6', errorCodeFor('ocpp1.6', code))).toBe(true);
      expect(isErrorCodeOf('ocpp2.0.1', errorCodeFor('ocpp2.0.1', code))).toBe(true);
    }
  });

  it('re-spells a code written for the other version', () => {
    expect(errorCodeFor('ocpp2.0.1', 'FormationViolation')).toBe('FormatViolation');
    expect(errorCodeFor('ocpp1.6', 'OccurrenceConstraintViolation')).toBe('OccurenceConstraintViolation');
  });

  it('reads either spelling of a received code back to one reason', () => {
    expect(errorReasonOf('FormationViolation')).toBe('FormatViolation');
    expect(errorReasonOf('OccurenceConstraintViolation')).toBe('OccurrenceConstraintViolation');
    expect(errorReasonOf('SomethingElse')).toBeUndefined();
  });

  it('gives an OcppError its reason and per-version code', () => {
    const error = new OcppError('FormationViolation', 'bad');
    expect(error.reason).toBe('FormatViolation');
    expect(error.codeFor('ocpp2.0.1')).toBe('FormatViolation');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('OcppError');
  });
});
