/**
 * `npm run simulate -- --url <ocppUrl> --password <password> [--id-tag TAG] [--kwh 12] [--minutes 45]`
 *
 * A charger simulator for trying the CSMS by hand: an OCPP 1.6J client (ocpp-rpc, strict mode, so every frame
 * it sends and receives is checked against the official schemas) that boots, reports its connector, and runs
 * one charging session with meter values — fast-forwarded: the session is stamped as if it ran `--minutes`
 * and ended just now. Then it prints the session id the CSMS recorded.
 */
import { parseArgs } from 'node:util';
import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    password: { type: 'string' },
    'id-tag': { type: 'string', default: 'DEMO-TAG' },
    connector: { type: 'string', default: '1' },
    kwh: { type: 'string', default: '12' },
    minutes: { type: 'string', default: '45' },
    protocol: { type: 'string', default: 'ocpp1.6' },
  },
});

async function simulate(): Promise<void> {
  if (!values.url || !values.password) {
    console.error(
      'usage: npm run simulate -- --url <ocppUrl from POST /v1/charge-points> --password <password>',
    );
    process.exit(2);
  }
  const url = values.url;
  const identity = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  const connectorId = Number(values.connector);
  const energyWh = Math.round(Number(values.kwh) * 1000);
  const minutes = Number(values.minutes);
  const charger = new RPCClient({
    endpoint: url.slice(0, url.lastIndexOf('/')),
    identity,
    password: values.password,
    protocols: [values.protocol],
    strictMode: true,
    reconnect: false,
  } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
  // Answer the CSMS's commands like a cooperative charger would.
  charger.handle(async ({ method }) => {
    console.log(`← CSMS asked ${method}`);
    if (method === 'GetConfiguration') return { configurationKey: [] };
    if (method === 'GetLocalListVersion') return { listVersion: 0 };
    if (method === 'DataTransfer') return { status: 'UnknownVendorId' };
    if (method === 'TriggerMessage') return { status: 'Accepted' };
    return { status: 'Accepted' };
  });

  await charger.connect();
  console.log(`connected to ${url} as ${identity} (${charger.protocol})`);
  const boot = await charger.call('BootNotification', {
    chargePointVendor: 'Simulator',
    chargePointModel: 'CSMS-SIM',
  });
  console.log('BootNotification →', boot);

  const end = Date.now() - 60_000;
  const start = end - minutes * 60_000;
  const at = (ms: number) => new Date(ms).toISOString();
  await charger.call('StatusNotification', {
    connectorId,
    errorCode: 'NoError',
    status: 'Preparing',
    timestamp: at(start),
  });
  const authorized = (await charger.call('Authorize', { idTag: values['id-tag'] })) as {
    idTagInfo: { status: string };
  };
  console.log('Authorize →', authorized.idTagInfo.status);
  const started = (await charger.call('StartTransaction', {
    connectorId,
    idTag: values['id-tag'],
    meterStart: 0,
    timestamp: at(start),
  })) as { transactionId: number; idTagInfo: { status: string } };
  console.log(`StartTransaction → transaction ${started.transactionId} (${started.idTagInfo.status})`);
  await charger.call('StatusNotification', {
    connectorId,
    errorCode: 'NoError',
    status: 'Charging',
    timestamp: at(start),
  });
  for (let i = 1; i <= 4; i++) {
    const t = start + ((end - start) * i) / 5;
    await charger.call('MeterValues', {
      connectorId,
      transactionId: started.transactionId,
      meterValue: [
        {
          timestamp: at(t),
          sampledValue: [
            {
              value: String(Math.round((energyWh * i) / 5)),
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
    timestamp: at(end),
    reason: 'EVDisconnected',
  });
  await charger.call('StatusNotification', {
    connectorId,
    errorCode: 'NoError',
    status: 'Available',
    timestamp: at(end),
  });
  console.log(
    `StopTransaction → ${energyWh / 1000} kWh over ${minutes} min; see GET /v1/sessions?chargePointId=${identity}`,
  );
  await charger.close();
}

simulate().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
