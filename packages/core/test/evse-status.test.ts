import { describe, expect, it } from 'vitest';
import { applyEvseConnectorReport, connectorViews, deriveEvseStatus } from '../src/charge-point.ts';

describe('deriveEvseStatus', () => {
  it('is Occupied as soon as any connector is, whatever the others say', () => {
    expect(deriveEvseStatus(['Available', 'Occupied'])).toBe('Occupied');
    expect(deriveEvseStatus(['Faulted', 'Occupied', 'Reserved'])).toBe('Occupied');
  });

  it('is Faulted or Unavailable only when no connector can be used', () => {
    expect(deriveEvseStatus(['Faulted', 'Faulted'])).toBe('Faulted');
    expect(deriveEvseStatus(['Unavailable', 'Unavailable'])).toBe('Unavailable');
    expect(deriveEvseStatus(['Faulted', 'Available'])).toBe('Available');
    expect(deriveEvseStatus(['Unavailable', 'Available'])).toBe('Available');
    // No cable can be used: out of service as a whole, Unavailable ranks above Faulted.
    expect(deriveEvseStatus(['Faulted', 'Unavailable'])).toBe('Unavailable');
  });

  it('is Reserved when any connector is reserved, else Available', () => {
    expect(deriveEvseStatus(['Reserved', 'Available'])).toBe('Reserved');
    expect(deriveEvseStatus(['Reserved', 'Faulted'])).toBe('Reserved');
    expect(deriveEvseStatus(['Available'])).toBe('Available');
    expect(deriveEvseStatus(['Available', 'Available'])).toBe('Available');
  });

  it('is Unknown for an EVSE none of whose connectors reported', () => {
    expect(deriveEvseStatus([])).toBe('Unknown');
  });
});

describe('applyEvseConnectorReport', () => {
  const at = (hour: number) => `2026-03-15T${String(hour).padStart(2, '0')}:00:00.000Z`;

  it('orders each connector by its own timestamp: an older late report changes nothing', () => {
    const first = applyEvseConnectorReport(undefined, 1, 1, { status: 'Occupied', updatedAt: at(10) });
    const second = applyEvseConnectorReport(first, 1, 2, { status: 'Available', updatedAt: at(9) });
    expect(second).toEqual({
      connectorId: 1,
      status: 'Occupied',
      updatedAt: at(10),
      connectors: {
        '1': { status: 'Occupied', updatedAt: at(10) },
        '2': { status: 'Available', updatedAt: at(9) },
      },
    });
    expect(applyEvseConnectorReport(second, 1, 1, { status: 'Available', updatedAt: at(8) })).toBeUndefined();
    expect(applyEvseConnectorReport(second, 1, 1, { status: 'Available', updatedAt: at(11) })).toMatchObject({
      status: 'Available',
      updatedAt: at(11),
    });
  });

  it('keeps the one connector of a record written before the map existed', () => {
    const legacy = { connectorId: 1, evseConnectorId: 1, status: 'Occupied', updatedAt: at(10) };
    expect(applyEvseConnectorReport(legacy, 1, 2, { status: 'Available', updatedAt: at(11) })).toEqual({
      connectorId: 1,
      status: 'Occupied',
      updatedAt: at(11),
      connectors: {
        '1': { status: 'Occupied', updatedAt: at(10) },
        '2': { status: 'Available', updatedAt: at(11) },
      },
    });
  });

  it('shows each EVSE with its connectors, Unavailable under maintenance', () => {
    const evse = applyEvseConnectorReport(undefined, 1, 2, { status: 'Available', updatedAt: at(9) });
    if (!evse) throw new Error('applied');
    expect(connectorViews([], [evse], true)).toEqual([
      {
        connectorId: 1,
        status: 'Unavailable',
        reportedStatus: 'Available',
        updatedAt: at(9),
        connectors: [
          { connectorId: 2, status: 'Unavailable', reportedStatus: 'Available', updatedAt: at(9) },
        ],
      },
    ]);
  });
});
