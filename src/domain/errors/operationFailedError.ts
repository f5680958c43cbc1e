/**
 * A command could not do its job for a reason outside the program and outside the operator's input
 * (a venue unreachable or refusing): the CLI prints the message, which names the venue and the cause,
 * and exits 1, not 3 ("internal error" is for Rampart's own bugs).
 */
export class OperationFailedError extends Error {
  override readonly name: string = 'OperationFailedError';
}
