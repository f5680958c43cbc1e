/**
 * Bad input from the operator (config, data file, CLI flag): the CLI prints the message without a
 * stack trace and exits with code 2. The message names where the problem is and what was found.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly details: { file?: string; keyPath?: string; value?: unknown } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
