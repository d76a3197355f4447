import { describe, expect, it } from 'vitest';
import { negotiateSubprotocol } from '../src/ocpp/subprotocol.ts';

describe('OCPP subprotocol negotiation', () => {
  it.each([
    ['ocpp1.6', 'ocpp1.6'],
    ['ocpp2.0.1', 'ocpp2.0.1'],
    ['ocpp1.6, ocpp2.0.1', 'ocpp2.0.1'],
    ['ocpp1.5,ocpp1.6', 'ocpp1.6'],
  ])('offered %j → %s', (offered, chosen) => {
    expect(negotiateSubprotocol(offered)).toBe(chosen);
  });

  it.each([undefined, '', 'ocpp1.5', 'ocpp2.0', 'OCPP1.6', 'mqtt'])('refuses %j', (offered) => {
    expect(negotiateSubprotocol(offered)).toBeUndefined();
  });
});
