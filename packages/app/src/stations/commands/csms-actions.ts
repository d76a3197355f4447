import type { OcppVersion } from '@csms/ocpp';

/**
 * Actions the CSMS sends to a charger (the other direction is handled by `ocpp/actions`). OCPP 1.6 lists them
 * per feature profile; OCPP 2.0.1 per functional block.
 */
export const csmsInitiatedActions: Record<OcppVersion, readonly string[]> = {
  'ocpp1.6': [
    // Core
    'ChangeAvailability',
    'ChangeConfiguration',
    'ClearCache',
    'DataTransfer',
    'GetConfiguration',
    'RemoteStartTransaction',
    'RemoteStopTransaction',
    'Reset',
    'UnlockConnector',
    // Firmware Management
    'GetDiagnostics',
    'UpdateFirmware',
    // Local Auth List Management
    'GetLocalListVersion',
    'SendLocalList',
    // Reservation
    'CancelReservation',
    'ReserveNow',
    // Smart Charging
    'ClearChargingProfile',
    'GetCompositeSchedule',
    'SetChargingProfile',
    // Remote Trigger
    'TriggerMessage',
    // Security extension: certificate management, logs, signed firmware, extended triggers
    'CertificateSigned',
    'DeleteCertificate',
    'ExtendedTriggerMessage',
    'GetInstalledCertificateIds',
    'GetLog',
    'InstallCertificate',
    'SignedUpdateFirmware',
  ],
  'ocpp2.0.1': [
    'CancelReservation',
    'CertificateSigned',
    'ChangeAvailability',
    'ClearCache',
    'ClearChargingProfile',
    'ClearDisplayMessage',
    'ClearVariableMonitoring',
    'CostUpdated',
    'CustomerInformation',
    'DataTransfer',
    'DeleteCertificate',
    'GetBaseReport',
    'GetChargingProfiles',
    'GetCompositeSchedule',
    'GetDisplayMessages',
    'GetInstalledCertificateIds',
    'GetLocalListVersion',
    'GetLog',
    'GetMonitoringReport',
    'GetReport',
    'GetTransactionStatus',
    'GetVariables',
    'InstallCertificate',
    'PublishFirmware',
    'RequestStartTransaction',
    'RequestStopTransaction',
    'ReserveNow',
    'Reset',
    'SendLocalList',
    'SetChargingProfile',
    'SetDisplayMessage',
    'SetMonitoringBase',
    'SetMonitoringLevel',
    'SetNetworkProfile',
    'SetVariableMonitoring',
    'SetVariables',
    'TriggerMessage',
    'UnlockConnector',
    'UnpublishFirmware',
    'UpdateFirmware',
  ],
};
