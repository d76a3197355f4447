import type { Ocpp16, Ocpp201 } from '../src/index.ts';

/** Payloads shaped like what real chargers send; `satisfies` also proves the generated types accept them. */
export const ocpp16Requests = {
  BootNotification: {
    chargePointVendor: 'VendorX',
    chargePointModel: 'SingleSocketCharger',
    chargePointSerialNumber: 'CP-0001',
    firmwareVersion: '1.2.3-rc4',
    iccid: '89310410106543789301',
    imsi: '204043729613547',
  } satisfies Ocpp16.BootNotificationRequest,
  Heartbeat: {} satisfies Ocpp16.HeartbeatRequest,
  StatusNotification: {
    connectorId: 1,
    errorCode: 'NoError',
    status: 'Available',
    timestamp: '2024-05-01T10:00:00.000Z',
  } satisfies Ocpp16.StatusNotificationRequest,
  StartTransaction: {
    connectorId: 1,
    idTag: 'RFID-12345678',
    meterStart: 1_234_567,
    timestamp: '2024-05-01T12:00:00+02:00',
  } satisfies Ocpp16.StartTransactionRequest,
  MeterValues: {
    connectorId: 1,
    transactionId: 42,
    meterValue: [
      {
        timestamp: '2024-05-01T10:15:00.123456Z',
        sampledValue: [
          {
            value: '1250.5',
            context: 'Sample.Periodic',
            measurand: 'Energy.Active.Import.Register',
            unit: 'Wh',
            location: 'Outlet',
          },
          { value: '16.1', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
          // "Celcius" is the 1.6 schema's own misspelling; chargers send it and the errata keep it valid.
          { value: '41', measurand: 'Temperature', unit: 'Celcius' },
        ],
      },
    ],
  } satisfies Ocpp16.MeterValuesRequest,
};

export const ocpp201Requests = {
  BootNotification: {
    reason: 'PowerUp',
    chargingStation: {
      model: 'SingleSocketCharger',
      vendorName: 'VendorX',
      serialNumber: 'CS-0001',
      firmwareVersion: '2.0.1-7',
      modem: { iccid: '89310410106543789301', imsi: '204043729613547' },
    },
  } satisfies Ocpp201.BootNotificationRequest,
  TransactionEvent: {
    eventType: 'Started',
    timestamp: '2024-05-01T10:00:00.000Z',
    triggerReason: 'Authorized',
    seqNo: 0,
    transactionInfo: { transactionId: 'f3b1c0de-0000-4000-8000-000000000001', chargingState: 'EVConnected' },
    evse: { id: 1, connectorId: 1 },
    idToken: { idToken: '04A2B3C4D5E6F7', type: 'ISO14443' },
    meterValue: [
      {
        timestamp: '2024-05-01T10:00:00.000Z',
        sampledValue: [
          {
            value: 0,
            context: 'Transaction.Begin',
            measurand: 'Energy.Active.Import.Register',
            unitOfMeasure: { unit: 'Wh' },
          },
        ],
      },
    ],
    // CustomDataType is the one open type: vendors may add any property next to vendorId.
    customData: { vendorId: 'com.vendorx', firmwareBuild: 7 },
  } satisfies Ocpp201.TransactionEventRequest,
};
