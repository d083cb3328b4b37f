/**
 * User errors (bad input) versus bugs. A UserError carries a French message meant for the
 * user, naming the file and, when known, the line and the column.
 */
export interface InputLocation {
  file: string;
  line?: number;
  column?: string;
}

export class UserError extends Error {
  override readonly name = 'UserError';
  readonly location: InputLocation;

  constructor(message: string, location: InputLocation) {
    super(formatLocated(message, location));
    this.location = location;
  }
}

export function formatLocated(message: string, { file, line, column }: InputLocation): string {
  const where = [`fichier « ${file} »`];
  if (line !== undefined) where.push(`ligne ${line}`);
  if (column !== undefined) where.push(`colonne « ${column} »`);
  return `${where.join(', ')} : ${message}`;
}

export const isUserError = (e: unknown): e is UserError => e instanceof Error && e.name === 'UserError';
