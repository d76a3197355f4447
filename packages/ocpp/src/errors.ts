import {
  errorCodeFor,
  errorReasonOf,
  type OcppErrorCode,
  type OcppErrorCodeOf,
  type OcppErrorReason,
} from './error-codes.ts';
import type { OcppVersion } from './version.ts';

export interface OcppErrorOptions {
  /** Goes out as the CALLERROR's errorDetails; must be JSON-serialisable. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The id of the message the error answers, when it could be read. */
  readonly messageId?: string | undefined;
  readonly cause?: unknown;
}

/**
 * A failure that is answered with an OCPP-J CALLERROR. `code` is spelled for a version when the error came
 * from a version-aware function (decoder, validator); errors built by hand may use the version-neutral
 * reasons. Either way `encodeCallError` re-spells the code for the connection's version.
 */
export class OcppError extends Error {
  override readonly name = 'OcppError';
  readonly code: OcppErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  readonly messageId?: string;

  constructor(code: OcppErrorCode, message: string, options: OcppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
    if (options.messageId !== undefined) this.messageId = options.messageId;
  }

  /** The version-neutral reason, so callers can branch without caring about 1.6's spellings. */
  get reason(): OcppErrorReason {
    return errorReasonOf(this.code) ?? 'GenericError';
  }

  /** The code as `version` spells it. */
  codeFor<V extends OcppVersion>(version: V): OcppErrorCodeOf<V> {
    return errorCodeFor(version, this.code);
  }

  /** A copy that answers `messageId`; errors are immutable so one can be shared safely. */
  withMessageId(messageId: string): OcppError {
    return new OcppError(this.code, this.message, { details: this.details, messageId, cause: this.cause });
  }
}
