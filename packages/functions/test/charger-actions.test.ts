import { csmsInitiatedActions } from '@csms/app/stations/commands/csms-actions';
import { actionsOf, type OcppVersion } from '@csms/ocpp';
import { describe, expect, it } from 'vitest';
import { chargerActions } from '../src/ocpp/actions/index.ts';

/**
 * An action the schemas define that the CSMS neither sends nor handles would be answered `NotSupported`: no
 * message a charger may send is left without a handler, in either version. (DataTransfer goes both ways.)
 */
describe.each<OcppVersion>(['ocpp1.6', 'ocpp2.0.1'])('charger-initiated %s actions', (version) => {
  it('each has a handler', () => {
    const sentByUs = new Set(csmsInitiatedActions[version]);
    const fromChargers = actionsOf(version).filter(
      (action) => !sentByUs.has(action) || action === 'DataTransfer',
    );
    const unhandled = fromChargers.filter((action) => !(action in chargerActions[version]));
    expect(unhandled).toEqual([]);
  });

  it('handles only actions the schemas define', () => {
    const known = new Set<string>(actionsOf(version));
    expect(Object.keys(chargerActions[version]).filter((action) => !known.has(action))).toEqual([]);
  });
});
