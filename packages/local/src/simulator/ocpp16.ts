import {
  chargePointIdOf,
  connectStrict,
  type Log,
  PERIODIC_READINGS,
  type SimulatorOptions,
  sessionTimeline,
} from './common.ts';

/**
 * One OCPP 1.6J session: boot, Preparing, Authorize, StartTransaction, Charging, periodic MeterValues,
 * StopTransaction, Available.
 */
export async function simulateOcpp16(options: SimulatorOptions, log: Log): Promise<void> {
  const { connectorId, energyWh, idTag, minutes } = options;
  const charger = await connectStrict(options, 'ocpp1.6', log);
  // Answer the CSMS's commands like a cooperative charger would.
  charger.handle(async ({ method }) => {
    log(`← CSMS asked ${method}`);
    if (method === 'GetConfiguration') return { configurationKey: [] };
    if (method === 'GetLocalListVersion') return { listVersion: 0 };
    if (method === 'DataTransfer') return { status: 'UnknownVendorId' };
    return { status: 'Accepted' };
  });

  const boot = await charger.call('BootNotification', {
    chargePointVendor: 'Simulator',
    chargePointModel: 'CSMS-SIM',
  });
  log('BootNotification →', boot);

  const time = sessionTimeline(minutes);
  await charger.call('StatusNotification', {
    connectorId,
    errorCode: 'NoError',
    status: 'Preparing',
    timestamp: time.start,
  });
  const authorized = (await charger.call('Authorize', { idTag })) as { idTagInfo: { status: string } };
  log('Authorize →', authorized.idTagInfo.status);
  const started = (await charger.call('StartTransaction', {
    connectorId,
    idTag,
    meterStart: 0,
    timestamp: time.start,
  })) as { transactionId: number; idTagInfo: { status: string } };
  log(`StartTransaction → transaction ${started.transactionId} (${started.idTagInfo.status})`);
  await charger.call('StatusNotification', {
    connectorId,
    errorCode: 'NoError',
    status: 'Charging',
    timestamp: time.start,
  });
  const steps = PERIODIC_READINGS + 1;
  for (let i = 1; i < steps; i++) {
    await charger.call('MeterValues', {
      connectorId,
      transactionId: started.transactionId,
      meterValue: [
        {
          timestamp: time.at(i, steps),
          sampledValue: [
            {
              value: String(Math.round((energyWh * i) / steps)),
              measurand: 'Energy.Active.Import.Register',
              unit: 'Wh',
            },
          ],
        },
      ],
    });
  }
  await charger.call('StopTransaction', {
    transactionId: started.transactionId,
    meterStop: energyWh,
    timestamp: time.end,
    reason: 'EVDisconnected',
  });
  await charger.call('StatusNotification', {
    connectorId,
    errorCode: 'NoError',
    status: 'Available',
    timestamp: time.end,
  });
  log(
    `StopTransaction → ${energyWh / 1000} kWh over ${minutes} min; see GET /v1/sessions?chargePointId=${chargePointIdOf(options.url)}`,
  );
  await charger.close();
}
