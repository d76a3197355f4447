import type { Scenario } from './measure.ts';

/**
 * The load each charger sends. Payloads are what real 1.6 chargers send; timestamps are taken at send time,
 * so a second run makes new transactions instead of retries of the first run's.
 */

/** Connection part: 1 BootNotification, then StatusNotifications and Heartbeats. */
export function bootStatusHeartbeat(statuses: number, heartbeats: number): Scenario {
  return async (call, i) => {
    await call('BootNotification', {
      chargePointVendor: 'BenchVendor',
      chargePointModel: 'BenchModel',
      chargePointSerialNumber: `SN-${i}`,
    });
    for (let s = 0; s < statuses; s++) {
      await call('StatusNotification', {
        connectorId: (s % 2) + 1,
        errorCode: 'NoError',
        status: s % 2 ? 'Preparing' : 'Available',
        timestamp: new Date().toISOString(),
      });
    }
    for (let h = 0; h < heartbeats; h++) await call('Heartbeat', {});
  };
}

/** 11 kW AC: what the register advances between two periodic samples a minute apart. */
const WH_PER_SAMPLE = 183;

/**
 * Transaction part: Authorize → StartTransaction → N MeterValues (energy register, power, SoC, as a periodic
 * sample) → StopTransaction with the closing reading as transactionData.
 */
export function chargingSession(meterValues: number, idTagOf: (i: number) => string): Scenario {
  return async (call, i) => {
    const idTag = idTagOf(i);
    await call('Authorize', { idTag });
    const meterStart = 1_000_000 + i * 10_000;
    const { transactionId } = (await call('StartTransaction', {
      connectorId: 1,
      idTag,
      meterStart,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    let register = meterStart;
    for (let m = 0; m < meterValues; m++) {
      register += WH_PER_SAMPLE;
      await call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [
          {
            timestamp: new Date().toISOString(),
            sampledValue: [
              {
                value: String(register),
                context: 'Sample.Periodic',
                measurand: 'Energy.Active.Import.Register',
                unit: 'Wh',
              },
              { value: '11000', context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'W' },
              { value: String(40 + m), context: 'Sample.Periodic', measurand: 'SoC', unit: 'Percent' },
            ],
          },
        ],
      });
    }
    const timestamp = new Date().toISOString();
    await call('StopTransaction', {
      transactionId,
      idTag,
      meterStop: register,
      timestamp,
      reason: 'EVDisconnected',
      transactionData: [
        {
          timestamp,
          sampledValue: [{ value: String(register), context: 'Transaction.End', unit: 'Wh' }],
        },
      ],
    });
  };
}
