import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Wrong usage of the command line: printed with a hint to --help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with German messages for unknown or incomplete options. */
export function parseOptions<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new UsageError(`Unbekannte Option ${unknown[1]}.`);
    const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message);
    if (missing) throw new UsageError(`Die Option ${missing[1]} braucht einen Wert.`);
    const positional = /Unexpected argument '([^']+)'/.exec(message);
    if (positional) throw new UsageError(`Unerwartetes Argument „${positional[1]}“.`);
    throw new UsageError(message);
  }
}

export function requireOption(value: string | boolean | (string | boolean)[] | undefined, flag: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`Die Option ${flag} fehlt.`);
  return value;
}
