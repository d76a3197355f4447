/**
 * A request refused on purpose (a wrong password, a missing origin secret): an answer, not a failure. The
 * handler wrapper logs it as a warning with its reason — so brute force shows up in the logs without paging
 * anyone — and rethrows it for the runtime. `message` is what the runtime needs to see (API Gateway's
 * authorizer contract wants exactly `Unauthorized`); `reason` stays in our logs only.
 */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    message: string,
    readonly reason: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
