import { StartupError } from '../../server/startup-error';

/** The value after a flag, or undefined; a flag given without a value is an error. */
export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new StartupError(`${name} needs a value.`);
  return value;
}
