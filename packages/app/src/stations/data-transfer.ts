import type { Deps } from '../deps.ts';

/** A DataTransfer from a charger (OCPP 1.6 and 2.0.1 alike): a vendor-specific message. */
export interface DataTransferReceived {
  readonly vendorId: string;
  readonly messageId?: string | undefined;
}

/**
 * No vendor extension is implemented, so every vendor is unknown: OCPP's answer for that is `UnknownVendorId`
 * (never an error; the charger only learns the CSMS does not speak this dialect). Logged, so an operator can
 * see which extensions their chargers try to use.
 */
export function receiveDataTransfer(
  deps: Pick<Deps, 'log'>,
  message: DataTransferReceived,
): 'UnknownVendorId' {
  deps.log.info('DataTransfer from an unknown vendor', {
    vendorId: message.vendorId,
    ...(message.messageId === undefined ? {} : { vendorMessageId: message.messageId }),
  });
  return 'UnknownVendorId';
}
