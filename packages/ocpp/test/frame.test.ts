import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeCall,
  encodeCallError,
  encodeCallResult,
  encodeFrame,
  OcppError,
  type OcppFrame,
  type OcppVersion,
  UNKNOWN_MESSAGE_ID,
} from '../src/index.ts';

function decodeError(version: OcppVersion, raw: string) {
  const result = decodeFrame(version, raw);
  if (result.ok) throw new Error(`expected ${raw} to be rejected`);
  return result;
}

describe('OCPP-J frames', () => {
  describe('round trip', () => {
    const frames: OcppFrame[] = [
      { type: 'CALL', messageId: '19223201', action: 'BootNotification', payload: { reason: 'PowerUp' } },
      { type: 'CALLRESULT', messageId: '19223201', payload: { status: 'Accepted', interval: 300 } },
      {
        type: 'CALLERROR',
        messageId: '162376037',
        errorCode: 'NotSupported',
        errorDescription: 'SetDisplayMessageRequest not implemented',
        errorDetails: {},
      },
    ];

    it.each(frames)('decodes an encoded $type back to the same frame', (frame) => {
      expect(decodeFrame('ocpp2.0.1', encodeFrame(frame))).toEqual({ ok: true, frame });
    });

    it('encodes a CALL as [2, id, action, payload]', () => {
      expect(encodeCall('a1', 'Heartbeat', {})).toBe('[2,"a1","Heartbeat",{}]');
    });

    it('encodes a CALLRESULT as [3, id, payload]', () => {
      expect(encodeCallResult('a1', { currentTime: '2024-01-01T00:00:00Z' })).toBe(
        '[3,"a1",{"currentTime":"2024-01-01T00:00:00Z"}]',
      );
    });

    it('encodes a CALLERROR as [4, id, code, description, details]', () => {
      const error = new OcppError('NotSupported', 'Reset is not supported', {
        messageId: 'a1',
        details: { hint: 'x' },
      });
      expect(encodeCallError('ocpp1.6', error)).toBe(
        '[4,"a1","NotSupported","Reset is not supported",{"hint":"x"}]',
      );
    });

    it('reads a null payload as the empty object, which OCPP-J allows for "no payload"', () => {
      expect(decodeFrame('ocpp1.6', '[2,"a1","Heartbeat",null]')).toEqual({
        ok: true,
        frame: { type: 'CALL', messageId: 'a1', action: 'Heartbeat', payload: {} },
      });
    });

    it('keeps a CALLERROR code as received, whichever version spelled it', () => {
      const result = decodeFrame('ocpp2.0.1', '[4,"a1","FormationViolation","bad",{}]');
      expect(result.ok && result.frame.type === 'CALLERROR' && result.frame.errorCode).toBe(
        'FormationViolation',
      );
    });
  });

  describe('CALLERROR encoding', () => {
    it('spells the code for the connection version', () => {
      const error = new OcppError('FormatViolation', 'bad payload', { messageId: 'a1' });
      expect(JSON.parse(encodeCallError('ocpp1.6', error))[2]).toBe('FormationViolation');
      expect(JSON.parse(encodeCallError('ocpp2.0.1', error))[2]).toBe('FormatViolation');
    });

    it('answers with message id "-1" when the offending message id could not be read', () => {
      const error = new OcppError('RpcFrameworkError', 'not JSON');
      expect(JSON.parse(encodeCallError('ocpp2.0.1', error))[1]).toBe(UNKNOWN_MESSAGE_ID);
      expect(UNKNOWN_MESSAGE_ID).toBe('-1');
    });

    it('cuts the description to the 255 characters OCPP 2.0.1 allows', () => {
      const error = new OcppError('InternalError', 'x'.repeat(300), { messageId: 'a1' });
      expect(JSON.parse(encodeCallError('ocpp2.0.1', error))[3]).toHaveLength(255);
    });

    it('copies the error with a message id without changing the original', () => {
      const error = new OcppError('NotSupported', 'nope');
      const answered = error.withMessageId('a1');
      expect(answered.messageId).toBe('a1');
      expect(error.messageId).toBeUndefined();
      expect(answered).toBeInstanceOf(OcppError);
    });
  });

  describe('malformed frames', () => {
    const cases: {
      kind: string;
      raw: string;
      ocpp16: string;
      ocpp201: string;
      messageId: string | undefined;
    }[] = [
      {
        kind: 'not JSON',
        raw: '[2,"a1","Heartbeat",{',
        ocpp16: 'FormationViolation',
        ocpp201: 'RpcFrameworkError',
        messageId: undefined,
      },
      {
        kind: 'not an array',
        raw: '{"messageId":"a1"}',
        ocpp16: 'FormationViolation',
        ocpp201: 'RpcFrameworkError',
        messageId: undefined,
      },
      {
        kind: 'a message type id that is not a number',
        raw: '["2","a1","Heartbeat",{}]',
        ocpp16: 'FormationViolation',
        ocpp201: 'RpcFrameworkError',
        messageId: 'a1',
      },
      {
        kind: 'a non-string message id',
        raw: '[2,42,"Heartbeat",{}]',
        ocpp16: 'FormationViolation',
        ocpp201: 'RpcFrameworkError',
        messageId: undefined,
      },
      {
        kind: 'a CALL with the wrong number of elements',
        raw: '[2,"a1","Heartbeat"]',
        ocpp16: 'FormationViolation',
        ocpp201: 'RpcFrameworkError',
        messageId: 'a1',
      },
      {
        kind: 'a non-string action',
        raw: '[2,"a1",7,{}]',
        ocpp16: 'FormationViolation',
        ocpp201: 'RpcFrameworkError',
        messageId: 'a1',
      },
      {
        kind: 'a payload that is not an object',
        raw: '[2,"a1","Heartbeat",[]]',
        ocpp16: 'FormationViolation',
        ocpp201: 'FormatViolation',
        messageId: 'a1',
      },
      {
        kind: 'an unknown message type id',
        raw: '[7,"a1","Heartbeat",{}]',
        ocpp16: 'GenericError',
        ocpp201: 'MessageTypeNotSupported',
        messageId: 'a1',
      },
    ];

    it.each(cases)(
      'rejects $kind with $ocpp16 (1.6) / $ocpp201 (2.0.1)',
      ({ raw, ocpp16, ocpp201, messageId }) => {
        for (const [version, code] of [
          ['ocpp1.6', ocpp16],
          ['ocpp2.0.1', ocpp201],
        ] as const) {
          const { error } = decodeError(version, raw);
          expect(error).toBeInstanceOf(OcppError);
          expect(error.code).toBe(code);
          expect(error.messageId).toBe(messageId);
        }
      },
    );

    it('asks for a CALLERROR to anything that is or may have been a CALL', () => {
      expect(decodeError('ocpp1.6', 'not json').respond).toBe(true);
      expect(decodeError('ocpp2.0.1', '[2,"a1","Heartbeat",[]]').respond).toBe(true);
    });

    it('ignores an unknown message type on 1.6 but answers it on 2.0.1', () => {
      // OCPP-J 1.6 §4.1.3: "it SHALL ignore the message payload"; 2.0.1 Part 4 §4.4: answer MessageTypeNotSupported.
      expect(decodeError('ocpp1.6', '[7,"a1"]').respond).toBe(false);
      expect(decodeError('ocpp2.0.1', '[7,"a1"]').respond).toBe(true);
    });

    it('never asks to answer a malformed CALLRESULT or CALLERROR', () => {
      expect(decodeError('ocpp2.0.1', '[3,"a1"]').respond).toBe(false);
      expect(decodeError('ocpp2.0.1', '[3,"a1",5]').respond).toBe(false);
      expect(decodeError('ocpp2.0.1', '[4,"a1","GenericError","x"]').respond).toBe(false);
      expect(decodeError('ocpp2.0.1', '[4,"a1",1,"x",{}]').respond).toBe(false);
    });
  });
});
