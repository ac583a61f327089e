/**
 * A failure the tool itself detects (not found, a choice the agent must make), with a stable code and words
 * the agent can act on. Mapped to an `isError` result by the same single place as CloudStack's errors.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';

  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.details };
  }
}
