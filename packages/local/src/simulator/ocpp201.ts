import { randomUUID } from 'node:crypto';
import {
  chargePointIdOf,
  connectStrict,
  type Log,
  PERIODIC_READINGS,
  type SimulatorOptions,
  sessionTimeline,
} from './common.ts';

/**
 * One OCPP 2.0.1 session: boot, Available → Occupied, Authorize, TransactionEvent Started / Updated (periodic
 * readings) / Ended, Available. The charger names its own transaction (a string), and the CSMS answers the
 * Ended event with the session's final cost, which is printed.
 */
export async function simulateOcpp201(options: SimulatorOptions, log: Log): Promise<void> {
  const { energyWh, idTag, minutes } = options;
  const evse = { id: options.connectorId, connectorId: 1 };
  const idToken = { idToken: idTag, type: 'ISO14443' };
  const charger = await connectStrict(options, 'ocpp2.0.1', log);
  // Answer the CSMS's commands like a cooperative charger would, as the 1.6 run does. Remote start and stop
  // are accepted but not acted on, as in 1.6: the simulator runs one scripted session and leaves.
  charger.handle(async ({ method, params }) => {
    log(`← CSMS asked ${method}`);
    switch (method) {
      case 'GetVariables': {
        // The 2.0.1 counterpart of 1.6's empty GetConfiguration: the simulator has no device model.
        const asked = (params?.getVariableData ?? []) as { component: unknown; variable: unknown }[];
        return {
          getVariableResult: asked.map(({ component, variable }) => ({
            attributeStatus: 'UnknownComponent',
            component,
            variable,
          })),
        };
      }
      case 'GetBaseReport':
      case 'GetReport':
        // Nothing to report, so no NotifyReport follows; `Accepted` would leave the CSMS waiting for one.
        return { status: 'EmptyResultSet' };
      case 'GetLocalListVersion':
        return { versionNumber: 0 };
      case 'DataTransfer':
        return { status: 'UnknownVendorId' };
      default:
        return { status: 'Accepted' };
    }
  });

  const boot = (await charger.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { model: 'CSMS-SIM', vendorName: 'Simulator' },
  })) as { status: string; interval: number };
  log(`BootNotification → ${boot.status} (heartbeat every ${boot.interval} s)`);

  const time = sessionTimeline(minutes);
  const status = async (connectorStatus: 'Available' | 'Occupied', timestamp: string) => {
    await charger.call('StatusNotification', {
      timestamp,
      connectorStatus,
      evseId: evse.id,
      connectorId: evse.connectorId,
    });
    log(`StatusNotification → EVSE ${evse.id} connector ${evse.connectorId} ${connectorStatus}`);
  };
  // Stamped before the session: the CSMS orders status reports by the charger's timestamp, so an Available
  // stamped now would make the (earlier) Occupied look stale.
  await status('Available', time.before);
  await status('Occupied', time.start);

  const authorized = (await charger.call('Authorize', { idToken })) as { idTokenInfo: { status: string } };
  log(`Authorize ${idTag} →`, authorized.idTokenInfo.status);

  // 36 characters: the schema's limit for a transaction id.
  const transactionId = randomUUID();
  const register = (wh: number, context: string, timestamp: string) => ({
    timestamp,
    sampledValue: [
      { value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
    ],
  });
  let seqNo = 0;
  const started = (await charger.call('TransactionEvent', {
    eventType: 'Started',
    timestamp: time.start,
    triggerReason: 'Authorized',
    seqNo: seqNo++,
    transactionInfo: { transactionId, chargingState: 'Charging' },
    evse,
    idToken,
    meterValue: [register(0, 'Transaction.Begin', time.start)],
  })) as { idTokenInfo?: { status: string } };
  log(
    `TransactionEvent Started → transaction ${transactionId} (${started.idTokenInfo?.status ?? 'no idTokenInfo'})`,
  );

  const steps = PERIODIC_READINGS + 1;
  for (let i = 1; i < steps; i++) {
    const wh = Math.round((energyWh * i) / steps);
    await charger.call('TransactionEvent', {
      eventType: 'Updated',
      timestamp: time.at(i, steps),
      triggerReason: 'MeterValuePeriodic',
      seqNo: seqNo++,
      transactionInfo: { transactionId, chargingState: 'Charging' },
      meterValue: [register(wh, 'Sample.Periodic', time.at(i, steps))],
    });
    log(`TransactionEvent Updated → ${wh / 1000} kWh, Charging`);
  }

  const ended = (await charger.call('TransactionEvent', {
    eventType: 'Ended',
    timestamp: time.end,
    // The cable was pulled: the EV is gone, so the charging state is Idle.
    triggerReason: 'EVCommunicationLost',
    seqNo: seqNo++,
    transactionInfo: { transactionId, chargingState: 'Idle', stoppedReason: 'EVDisconnected' },
    meterValue: [register(energyWh, 'Transaction.End', time.end)],
  })) as { totalCost?: number };
  log(
    ended.totalCost === undefined
      ? 'TransactionEvent Ended (EVDisconnected) → no totalCost: no tariff applies to this session'
      : `TransactionEvent Ended (EVDisconnected) → totalCost ${ended.totalCost} (tariff currency, VAT included)`,
  );
  await status('Available', time.end);

  log(
    `${energyWh / 1000} kWh over ${minutes} min; see GET /v1/sessions?chargePointId=${chargePointIdOf(options.url)}`,
  );
  await charger.close();
}
