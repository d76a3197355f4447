import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { HandshakeRefused, rawSocket, strictCharger } from './support/chargers.ts';
import { signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

/**
 * Commands and connections as a conformance suite drives them, end to end with strict ocpp-rpc chargers: the
 * Basic-auth password changed over OCPP (2.0.1 SetVariables, 1.6 ChangeConfiguration) without locking the
 * charger out, an operator-chosen password, a boot held Pending and accepted later, and Get/SetVariables cut
 * into as many messages as the charger's DeviceDataCtrlr allows.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Charger = ReturnType<typeof strictCharger>;
type Protocol = 'ocpp2.0.1' | 'ocpp1.6';

const boot201 = { reason: 'PowerUp', chargingStation: { model: 'Wallbox X', vendorName: 'ACME' } };
const boot16 = { chargePointVendor: 'ACME', chargePointModel: 'Wallbox X' };

async function connected(ocppUrl: string, password: string, protocol: Protocol): Promise<Charger> {
  const charger = strictCharger(ocppUrl, password, [protocol]);
  await charger.connect();
  expect(charger.protocol).toBe(protocol);
  return charger;
}

async function bootedCharger(chargePointId: string, protocol: Protocol = 'ocpp2.0.1') {
  const registered = await signUpWithChargePoint(stack, chargePointId);
  const charger = await connected(registered.ocppUrl, registered.password, protocol);
  const answer = await charger.call('BootNotification', protocol === 'ocpp2.0.1' ? boot201 : boot16);
  expect(answer).toMatchObject({ status: 'Accepted' });
  return { ...registered, charger };
}

/** The handshake alone, with this password: resolves when it is let in, rejects with the HTTP status if not. */
async function handshake(ocppUrl: string, user: string, password: string, protocol: Protocol) {
  const ws = await rawSocket(ocppUrl, { user, password, protocols: [protocol] });
  ws.close();
}

interface Rotated {
  id: string;
  password: string;
  ocppUrl: string;
  setOnCharger: boolean;
  chargerStatus: string | null;
}

const securityCtrlr = { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } };

describe('rotating the password of a connected charger', () => {
  it('2.0.1: the charger accepts SetVariables BasicAuthPassword; then the new password connects and the old does not', async () => {
    const { api, charger, ocppUrl, password: old } = await bootedCharger('CP-PW-201');
    const received: unknown[] = [];
    charger.handle('SetVariables', async ({ params }) => {
      received.push(params);
      return { setVariableResult: [{ attributeStatus: 'Accepted', ...securityCtrlr }] };
    });

    const rotated = await api<Rotated>('POST', '/v1/charge-points/CP-PW-201/password');
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ setOnCharger: true, chargerStatus: 'Accepted' });
    expect(rotated.body.password).not.toBe(old);
    expect(received).toEqual([
      { setVariableData: [{ ...securityCtrlr, attributeValue: rotated.body.password }] },
    ]);

    // OCPP has the charger reconnect with its new password.
    await charger.close();
    await expect(handshake(ocppUrl, 'CP-PW-201', old, 'ocpp2.0.1')).rejects.toEqual(
      new HandshakeRefused(401),
    );
    const again = await connected(ocppUrl, rotated.body.password, 'ocpp2.0.1');
    expect(await again.call('Heartbeat', {})).toHaveProperty('currentTime');
    await again.close();
  });

  it('1.6: the charger accepts ChangeConfiguration AuthorizationKey (hex-encoded) and reconnects with it', async () => {
    const { api, charger, ocppUrl, password: old } = await bootedCharger('CP-PW-16', 'ocpp1.6');
    let key: { key: string; value: string } | undefined;
    charger.handle('ChangeConfiguration', async ({ params }) => {
      key = params as { key: string; value: string };
      return { status: 'Accepted' };
    });

    const rotated = await api<Rotated>('POST', '/v1/charge-points/CP-PW-16/password');
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ setOnCharger: true, chargerStatus: 'Accepted' });
    expect(key?.key).toBe('AuthorizationKey');
    // The charger decodes the key: that is the password it presents.
    const decoded = Buffer.from(key?.value ?? '', 'hex').toString('utf8');
    expect(decoded).toBe(rotated.body.password);
    expect(decoded.length).toBeGreaterThanOrEqual(16);
    expect(decoded.length).toBeLessThanOrEqual(20);

    await charger.close();
    await expect(handshake(ocppUrl, 'CP-PW-16', old, 'ocpp1.6')).rejects.toEqual(new HandshakeRefused(401));
    const again = await connected(ocppUrl, decoded, 'ocpp1.6');
    expect(await again.call('Heartbeat', {})).toHaveProperty('currentTime');
    await again.close();
  });

  it('lets the charger reconnect with either password mid-change; connecting with the new one settles it', async () => {
    const { api, charger, ocppUrl, password: old } = await bootedCharger('CP-PW-MID');
    const opens = (password: string) =>
      handshake(ocppUrl, 'CP-PW-MID', password, 'ocpp2.0.1').then(
        () => true,
        () => false,
      );
    let sent = '';
    let reconnected: (value: { old: boolean; new: boolean }) => void = () => undefined;
    const during = new Promise<{ old: boolean; new: boolean }>((resolve) => {
      reconnected = resolve;
    });
    charger.handle('SetVariables', async ({ params }) => {
      sent =
        (params as { setVariableData: { attributeValue: string }[] }).setVariableData[0]?.attributeValue ??
        '';
      // Before it answers, the charger comes back on new connections: first with the old password, then the new.
      reconnected({ old: await opens(old), new: await opens(sent) });
      return { setVariableResult: [{ attributeStatus: 'Accepted', ...securityCtrlr }] };
    });
    const rotated = await api<{ code?: string }>('POST', '/v1/charge-points/CP-PW-MID/password');
    expect(await during).toEqual({ old: true, new: true });
    // The new connection replaced the one the call went out on, so its answer may never arrive (502
    // Disconnected); either way the connection with the new password settled the change.
    if (rotated.status !== 200) expect(rotated.body.code).toBe('Disconnected');
    expect(await opens(sent)).toBe(true);
    expect(await opens(old)).toBe(false);
    await charger.close();
  });

  it('keeps the old password when the charger refuses, and says what the charger answered', async () => {
    const { api, charger, ocppUrl, password: old } = await bootedCharger('CP-PW-NO');
    let offered = '';
    charger.handle('SetVariables', async ({ params }) => {
      offered =
        (params as { setVariableData: { attributeValue: string }[] }).setVariableData[0]?.attributeValue ??
        '';
      return { setVariableResult: [{ attributeStatus: 'Rejected', ...securityCtrlr }] };
    });

    const refused = await api<{ status: number; code: string; details: unknown }>(
      'POST',
      '/v1/charge-points/CP-PW-NO/password',
    );
    expect(refused.status).toBe(502);
    expect(refused.body).toMatchObject({ code: 'Rejected', details: { chargerStatus: 'Rejected' } });
    expect(offered).not.toBe('');

    await charger.close();
    await expect(handshake(ocppUrl, 'CP-PW-NO', offered, 'ocpp2.0.1')).rejects.toEqual(
      new HandshakeRefused(401),
    );
    await expect(handshake(ocppUrl, 'CP-PW-NO', old, 'ocpp2.0.1')).resolves.toBeUndefined();
    const view = await api<{ passwordChangePendingSince: string | null }>(
      'GET',
      '/v1/charge-points/CP-PW-NO',
    );
    expect(view.body.passwordChangePendingSince).toBeNull();
  });
});

describe('an operator-chosen password', () => {
  it('is validated with a 422 naming the field, and a preconfigured charger then connects with it', async () => {
    const { api, ocppUrl, password: generated } = await signUpWithChargePoint(stack, 'CP-PW-OWN');
    const short = await api<{ errors: { field: string; message: string }[] }>(
      'PUT',
      '/v1/charge-points/CP-PW-OWN/password',
      { password: 'too-short' },
    );
    expect(short.status).toBe(422);
    expect(short.body.errors).toEqual([
      { field: 'password', in: 'body', message: expect.stringContaining('16') },
    ]);
    const spaced = await api('PUT', '/v1/charge-points/CP-PW-OWN/password', {
      password: 'has a space in it!',
    });
    expect(spaced.status).toBe(422);

    const chosen = 'Factory-Set-Password-0042';
    const set = await api<Rotated>('PUT', '/v1/charge-points/CP-PW-OWN/password', { password: chosen });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ password: chosen, setOnCharger: false, chargerStatus: null });

    await expect(handshake(ocppUrl, 'CP-PW-OWN', generated, 'ocpp2.0.1')).rejects.toEqual(
      new HandshakeRefused(401),
    );
    const charger = await connected(ocppUrl, chosen, 'ocpp2.0.1');
    expect(await charger.call('BootNotification', boot201)).toMatchObject({ status: 'Accepted' });
    await charger.close();
  });
});

describe('a boot held Pending', () => {
  it('is answered Pending with a retry interval, refuses other messages with SecurityError, and is accepted later', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-BOOT-1');
    const held = await api('PATCH', '/v1/charge-points/CP-BOOT-1', { bootAcceptance: 'Pending' });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ bootAcceptance: 'Pending', registrationStatus: null });

    const charger = await connected(ocppUrl, password, 'ocpp2.0.1');
    expect(await charger.call('BootNotification', boot201)).toMatchObject({
      status: 'Pending',
      interval: 60,
    });
    const status = {
      timestamp: new Date().toISOString(),
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    };
    await expect(charger.call('StatusNotification', status)).rejects.toMatchObject({
      rpcErrorCode: 'SecurityError',
    });
    // Heartbeats are answered, costing no table access; the connection stays open.
    expect(await charger.call('Heartbeat', {})).toHaveProperty('currentTime');

    const triggered: unknown[] = [];
    charger.handle('TriggerMessage', async ({ params }) => {
      triggered.push(params);
      return { status: 'Accepted' };
    });
    const accepted = await api('POST', '/v1/charge-points/CP-BOOT-1/accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      id: 'CP-BOOT-1',
      bootAcceptance: 'Accepted',
      registrationStatus: 'Pending',
      bootTrigger: { attempted: true, status: 'Accepted', error: null, reason: null },
    });
    expect(triggered).toEqual([{ requestedMessage: 'BootNotification' }]);

    expect(await charger.call('BootNotification', { ...boot201, reason: 'Triggered' })).toMatchObject({
      status: 'Accepted',
      interval: 300,
    });
    expect(await charger.call('StatusNotification', status)).toEqual({});
    const view = await api('GET', '/v1/charge-points/CP-BOOT-1');
    expect(view.body).toMatchObject({ bootAcceptance: 'Accepted', registrationStatus: 'Accepted' });
    await charger.close();
  });

  it('also holds back a connected charger at its next boot, and a rejected 1.6 charger sends nothing but boots', async () => {
    const { api, charger } = await bootedCharger('CP-BOOT-2');
    await api('PATCH', '/v1/charge-points/CP-BOOT-2', { bootAcceptance: 'Pending' });
    expect(await charger.call('BootNotification', boot201)).toMatchObject({ status: 'Pending' });
    await expect(
      charger.call('NotifyEvent', {
        generatedAt: new Date().toISOString(),
        seqNo: 0,
        eventData: [
          {
            eventId: 1,
            timestamp: new Date().toISOString(),
            trigger: 'Delta',
            actualValue: 'Available',
            component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
            variable: { name: 'AvailabilityState' },
            eventNotificationType: 'HardWiredNotification',
          },
        ],
      }),
    ).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    await charger.close();

    const v16 = await bootedCharger('CP-BOOT-16', 'ocpp1.6');
    await v16.api('PATCH', '/v1/charge-points/CP-BOOT-16', { bootAcceptance: 'Rejected' });
    expect(await v16.charger.call('BootNotification', boot16)).toMatchObject({
      status: 'Rejected',
      interval: 300,
    });
    await expect(v16.charger.call('Authorize', { idTag: 'ANY-TAG' })).rejects.toMatchObject({
      rpcErrorCode: 'SecurityError',
    });
    await v16.charger.close();
  });
});

/** A DeviceDataCtrlr limit as the charger reports it (variable `ItemsPerMessage`, instance `GetVariables`). */
const deviceDataLimit = (name: string, instance: string, value: string) => ({
  component: { name: 'DeviceDataCtrlr' },
  variable: { name, instance },
  variableAttribute: [{ type: 'Actual', value, mutability: 'ReadOnly' }],
  variableCharacteristics: { dataType: 'integer', supportsMonitoring: false },
});

const commCtrlr = (name: string) => ({ component: { name: 'OCPPCommCtrlr' }, variable: { name } });

describe('Get/SetVariables', () => {
  it('sends 3 items to a charger whose ItemsPerMessage is 2 as 2 calls, merges the results, and stores the values', async () => {
    const { api, charger } = await bootedCharger('CP-VARS-1');
    await charger.call('NotifyReport', {
      requestId: 7,
      generatedAt: new Date().toISOString(),
      seqNo: 0,
      reportData: [
        deviceDataLimit('ItemsPerMessage', 'GetVariables', '2'),
        deviceDataLimit('ItemsPerMessage', 'SetVariables', '2'),
        deviceDataLimit('BytesPerMessage', 'GetVariables', '4000'),
      ],
    });
    const values: Record<string, string> = {
      HeartbeatInterval: '300',
      OfflineThreshold: '600',
      MessageTimeout: '30',
    };
    const getBatches: number[] = [];
    charger.handle('GetVariables', async ({ params }) => {
      const asked = (params as { getVariableData: { component: object; variable: { name: string } }[] })
        .getVariableData;
      getBatches.push(asked.length);
      return {
        getVariableResult: asked.map((item) =>
          values[item.variable.name] === undefined
            ? { attributeStatus: 'UnknownVariable', component: item.component, variable: item.variable }
            : {
                attributeStatus: 'Accepted',
                attributeValue: values[item.variable.name],
                component: item.component,
                variable: item.variable,
              },
        ),
      };
    });

    const got = await api<{
      results: { attributeStatus: string; attributeValue?: string; variable: { name: string } }[];
      batches: number;
      limits: unknown;
      incomplete: unknown;
    }>('POST', '/v1/charge-points/CP-VARS-1/variables/get', {
      items: [commCtrlr('HeartbeatInterval'), commCtrlr('OfflineThreshold'), commCtrlr('NoSuchThing')],
    });
    expect(got.status).toBe(200);
    expect(getBatches).toEqual([2, 1]);
    expect(got.body.batches).toBe(2);
    expect(got.body.limits).toEqual({ itemsPerMessage: 2, bytesPerMessage: 4000 });
    expect(got.body.incomplete).toBeNull();
    expect(got.body.results.map((r) => [r.variable.name, r.attributeStatus, r.attributeValue])).toEqual([
      ['HeartbeatInterval', 'Accepted', '300'],
      ['OfflineThreshold', 'Accepted', '600'],
      ['NoSuchThing', 'UnknownVariable', undefined],
    ]);

    const setBatches: number[] = [];
    charger.handle('SetVariables', async ({ params }) => {
      const asked = (
        params as {
          setVariableData: { component: object; variable: { name: string }; attributeValue: string }[];
        }
      ).setVariableData;
      setBatches.push(asked.length);
      for (const item of asked) values[item.variable.name] = item.attributeValue;
      return {
        setVariableResult: asked.map((item) => ({
          attributeStatus: item.variable.name === 'MessageTimeout' ? 'RebootRequired' : 'Accepted',
          component: item.component,
          variable: item.variable,
        })),
      };
    });
    const set = await api<{ results: { attributeStatus: string }[]; batches: number }>(
      'POST',
      '/v1/charge-points/CP-VARS-1/variables/set',
      {
        items: [
          { ...commCtrlr('HeartbeatInterval'), attributeValue: '120' },
          { ...commCtrlr('OfflineThreshold'), attributeValue: '900' },
          { ...commCtrlr('MessageTimeout'), attributeValue: '45' },
        ],
      },
    );
    expect(set.status).toBe(200);
    expect(setBatches).toEqual([2, 1]);
    expect(set.body.results.map((r) => r.attributeStatus)).toEqual([
      'Accepted',
      'Accepted',
      'RebootRequired',
    ]);

    // Accepted values are in the stored device model; the one that waits for a reboot is not.
    const stored = await api<{
      items: { variable: { name: string }; attributes: { value: string | null }[] }[];
    }>('GET', '/v1/charge-points/CP-VARS-1/variables?component=OCPPCommCtrlr');
    expect(
      Object.fromEntries(stored.body.items.map((v) => [v.variable.name, v.attributes[0]?.value])),
    ).toEqual({ HeartbeatInterval: '120', OfflineThreshold: '900' });
    await charger.close();
  });

  it('refuses to set the Basic-auth password through the variables route, and answers 409 for a 1.6 charger', async () => {
    const { api, charger } = await bootedCharger('CP-VARS-2');
    const refused = await api<{ errors: { field: string }[] }>(
      'POST',
      '/v1/charge-points/CP-VARS-2/variables/set',
      {
        items: [{ ...securityCtrlr, attributeValue: 'a-password-of-twenty' }],
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e) => e.field)).toEqual(['items.0.variable.name']);
    await charger.close();

    const v16 = await bootedCharger('CP-VARS-16', 'ocpp1.6');
    const wrongVersion = await v16.api('POST', '/v1/charge-points/CP-VARS-16/variables/get', {
      items: [commCtrlr('HeartbeatInterval')],
    });
    expect(wrongVersion.status).toBe(409);
    await v16.charger.close();
  });
});
