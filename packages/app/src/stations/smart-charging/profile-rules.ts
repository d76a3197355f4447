import { type FieldIssue, ValidationError } from '@csms/core';
import type { OcppVersion } from '@csms/ocpp';
import type { ChargingProfileRequest } from './ocpp201-profiles.ts';

/**
 * What OCPP 1.6 (§3.13, §5.16) says about a profile beyond its JSON schema, checked before the charger is
 * asked, so the operator gets a 422 naming the field instead of a bare "Rejected". OCPP 2.0.1 (K01) holds the
 * same rules for its station-wide and transaction profiles, with the EVSE in place of the connector.
 */
export function checkProfileRules(request: ChargingProfileRequest): void {
  const profile = request.csChargingProfiles;
  const issues: FieldIssue[] = [];
  const at = (field: string, message: string) => issues.push({ field, message });
  if (request.connectorId < 0) at('connectorId', 'Must be 0 (the whole charger) or a connector number');
  if (profile.chargingProfilePurpose === 'ChargePointMaxProfile' && request.connectorId !== 0) {
    at('connectorId', 'A ChargePointMaxProfile applies to the whole charger: connectorId 0');
  }
  if (profile.chargingProfilePurpose === 'TxProfile' && request.connectorId === 0) {
    at('connectorId', 'A TxProfile applies to the transaction on one connector: connectorId > 0');
  }
  if (profile.transactionId !== undefined && profile.chargingProfilePurpose !== 'TxProfile') {
    at('csChargingProfiles.transactionId', 'Only a TxProfile names a transaction');
  }
  if (profile.chargingProfileKind === 'Recurring' && profile.recurrencyKind === undefined) {
    at('csChargingProfiles.recurrencyKind', 'A Recurring profile needs Daily or Weekly');
  }
  if (profile.stackLevel < 0) at('csChargingProfiles.stackLevel', 'Must be 0 or more');
  const periods = profile.chargingSchedule.chargingSchedulePeriod;
  if (periods.length === 0) {
    at('csChargingProfiles.chargingSchedule.chargingSchedulePeriod', 'At least one period');
  } else if (periods[0]?.startPeriod !== 0) {
    at(
      'csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod',
      'The first period starts at 0',
    );
  }
  periods.forEach((period, i) => {
    const previous = periods[i - 1];
    if (previous && period.startPeriod <= previous.startPeriod) {
      at(
        `csChargingProfiles.chargingSchedule.chargingSchedulePeriod.${i}.startPeriod`,
        'Periods are in increasing order of startPeriod',
      );
    }
    if (period.limit < 0) {
      at(`csChargingProfiles.chargingSchedule.chargingSchedulePeriod.${i}.limit`, 'Must be 0 or more');
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * A TxProfile's transaction is named in the charger's own terms: 1.6 transaction ids are the CSMS's integers,
 * 2.0.1 ones the charger's strings (as the sessions API shows them), so the other kind names no transaction.
 */
export function checkTransactionIdKind(version: OcppVersion, request: ChargingProfileRequest): void {
  const { transactionId } = request.csChargingProfiles;
  if (transactionId === undefined) return;
  const expected = version === 'ocpp1.6' ? 'number' : 'string';
  if (typeof transactionId !== expected) {
    throw new ValidationError([
      {
        field: 'csChargingProfiles.transactionId',
        message:
          version === 'ocpp1.6'
            ? 'This charger speaks OCPP 1.6: its transaction ids are integers'
            : 'This charger speaks OCPP 2.0.1: its transaction ids are strings',
      },
    ]);
  }
}
