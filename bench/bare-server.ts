import { RPCServer } from 'ocpp-rpc';

/**
 * The reference point: an ocpp-rpc server that accepts anyone and answers every action of the bench with a
 * fixed, valid reply (no authentication, no storage). What the CSMS costs on top of this is the ratio printed.
 */
export async function startBareServer(): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: false });
  server.auth((accept) => accept());
  let nextTransactionId = 1;
  server.on('client', (client) => {
    const now = () => new Date().toISOString();
    client.handle('BootNotification', async () => ({
      status: 'Accepted',
      currentTime: now(),
      interval: 300,
    }));
    client.handle('Heartbeat', async () => ({ currentTime: now() }));
    client.handle('StatusNotification', async () => ({}));
    client.handle('Authorize', async () => ({ idTagInfo: { status: 'Accepted' } }));
    client.handle('StartTransaction', async () => ({
      transactionId: nextTransactionId++,
      idTagInfo: { status: 'Accepted' },
    }));
    client.handle('MeterValues', async () => ({}));
    client.handle('StopTransaction', async () => ({ idTagInfo: { status: 'Accepted' } }));
  });
  const http = await server.listen(0, '127.0.0.1');
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { endpoint: `ws://127.0.0.1:${port}`, close: () => server.close({ force: true }) };
}
