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
  /** The file (line, column) at fault; absent for an action refused for another reason. */
  readonly location: InputLocation | null;

  constructor(message: string, location: InputLocation | null = null) {
    super(location ? formatLocated(message, location) : message);
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
