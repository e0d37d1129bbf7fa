import { readFileSync } from 'node:fs';
import { AppError } from '../shared/errors.js';

/**
 * Rules for new passwords after NIST SP 800-63B (5.1.1.2) and BSI IT-Grundschutz ORP.4.A8/A22:
 * long enough, not absurdly long, not a known common or breached password, not a repetition or
 * sequence, not the person's own name or address or the product's name, and no composition rules
 * ("one digit, one special character"), which only lead to "Passwort1!".
 *
 * 12 characters: BSI's recommendation for passwords without composition rules, above NIST's
 * minimum of 8, because the accounts open personal data of citizens. 256 is far more than any
 * passphrase needs and keeps the argon2 input bounded.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const LISTS = ['common-passwords.txt', 'common-passwords-de.txt'];
let common: Set<string> | undefined;

/** The shipped lists (password-lists/README.md), read once on first use. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    LISTS.flatMap((file) => readFileSync(new URL(`./password-lists/${file}`, import.meta.url), 'utf8').split('\n'))
      .map((line) => line.trim())
      .filter(Boolean),
  );
  return common;
}

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '8': 'b', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't', '+': 't' };

/** "P@ssw0rd2024!" → "p@ssw0rd" (the part people decorate with digits and signs at the ends). */
const core = (normalised: string) => normalised.replace(/^\P{L}+|\P{L}+$/gu, '');
const unleet = (text: string) => text.replace(/[@483105$7+!]/g, (c) => LEET[c]!);

/** Code points, so that "ä" or an emoji counts as one character. */
const length = (text: string) => [...text].length;

/** "aaaaaaaaaaaa", "abcabcabcabc", "123456789012", "zyxwvutsrqpo": no secret in them. */
function isRepetitionOrSequence(text: string): boolean {
  const chars = [...text];
  if (new Set(chars).size <= 3) return true;
  for (let unit = 1; unit <= chars.length / 2; unit++) {
    if (chars.length % unit === 0 && text === chars.slice(0, unit).join('').repeat(chars.length / unit)) return true;
  }
  const codes = chars.map((c) => c.codePointAt(0)!);
  const step = (a: number, b: number) => {
    const d = b - a;
    return d === 9 && a === 48 ? -1 : d === -9 && a === 57 ? 1 : d; // 9→0 and 0→9 continue a run of digits
  };
  const first = step(codes[0]!, codes[1]!);
  return Math.abs(first) === 1 && codes.every((c, i) => i === 0 || step(codes[i - 1]!, c) === first);
}

/**
 * Why a new password is not acceptable, in German, or null when it is. context: words of this
 * account (e-mail address, name, municipality) that must not be the password.
 */
export function passwordProblem(password: string, context: string[] = [], field = 'password'): string | null {
  const it = `Das Passwort („${field}“)`;
  if (length(password) < MIN_PASSWORD_LENGTH) return `${it} muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein.`;
  if (length(password) > MAX_PASSWORD_LENGTH) return `${it} darf höchstens ${MAX_PASSWORD_LENGTH} Zeichen lang sein.`;
  if (password.trim().length === 0) return `${it} darf nicht nur aus Leerzeichen bestehen.`;
  const normalised = password.normalize('NFKC').toLowerCase();
  const compact = normalised.replace(/\s+/g, '');
  if (isRepetitionOrSequence(compact)) return `${it} besteht nur aus Wiederholungen oder einer Zeichenfolge. Bitte wählen Sie ein anderes.`;
  const list = commonPasswords();
  const candidates = new Set([normalised, compact, core(compact), unleet(compact), core(unleet(compact)), unleet(core(compact))]);
  if ([...candidates].some((c) => list.has(c))) {
    return `${it} steht auf einer Liste häufig verwendeter oder bereits veröffentlichter Passwörter. Bitte wählen Sie ein anderes.`;
  }
  const personal = context.flatMap((word) => {
    const w = word.normalize('NFKC').toLowerCase().trim();
    const local = w.split('@')[0]!;
    return [w, local, core(local), w.replace(/\s+/g, '')].filter((x) => x.length >= 3);
  });
  if ([...candidates].some((c) => personal.includes(c))) {
    return `${it} darf nicht aus Ihrem Namen, Ihrer E-Mail-Adresse oder dem Namen der Kommune bestehen.`;
  }
  return null;
}

/** Throws weak_password (400) naming the field, for every place where a password is set. */
export function assertPasswordAcceptable(password: string, options: { field?: string; context?: string[] } = {}): void {
  const field = options.field ?? 'password';
  const problem = passwordProblem(password, options.context, field);
  if (problem) throw new AppError('weak_password', { field, detail: problem });
}
