/** Errors caused by the user's input file (shown as is), as opposed to internal bugs. */
export class ImportUserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly fileName: string,
    readonly byteOffset?: number,
  ) {
    super(message);
  }
}
