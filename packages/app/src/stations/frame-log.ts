import type { Logger } from '../deps.ts';

/**
 * One line per OCPP frame in and out, for support: which charger, which direction, what it was. Payloads are
 * left out (they can hold idTags, i.e. personal data); the message id correlates a CALL with its answer.
 */
export interface FrameLogEntry {
  /** Omitted where the logger already carries them (a frame's child logger does). */
  readonly tenantId?: string;
  readonly chargePointId?: string;
  readonly direction: 'in' | 'out';
  readonly type: 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'MALFORMED';
  readonly messageId: string;
  readonly action?: string;
  readonly errorCode?: string;
}

export function logFrame(log: Logger, entry: FrameLogEntry): void {
  log.info('ocpp frame', { ...entry });
}
