import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PASSWORD_LENGTH, passwordProblem } from './password-policy.js';

describe('password policy (NIST SP 800-63B, BSI): length, shipped list of common passwords, no composition rules', () => {
  const refused = (password: string, pattern: RegExp, context: string[] = []) => {
    const problem = passwordProblem(password, context);
    assert.ok(problem, `"${password}" must be refused`);
    assert.match(problem, pattern, `"${password}"`);
  };

  it('needs 12 characters, counted as characters, and allows long passphrases up to a sane maximum', () => {
    refused('kurz-123', /mindestens 12 Zeichen/);
    refused('äöüäöü-ß', /mindestens 12 Zeichen/);
    refused('x'.repeat(MAX_PASSWORD_LENGTH - 3) + 'abcd', /höchstens 256 Zeichen/);
    assert.equal(passwordProblem(`Bello ${'und Struppi '.repeat(20)}`.slice(0, MAX_PASSWORD_LENGTH)), null);
    refused(' '.repeat(14), /Leerzeichen|Wiederholungen/);
  });

  it('refuses common and breached passwords from the shipped lists, also in capitals or decorated with digits and signs', () => {
    for (const password of ['1qaz2wsx3edc', 'Qwerty123456', 'ADMINISTRATOR', 'administrator1', 'Passwort2024!!', 'P@ssw0rd12345', 'dragon123456', 'Sommer2024!!!', 'Schalke04!!!', 'Rathaus2025!!', 'Amtsdesk-2025']) {
      refused(password, /Liste häufig verwendeter oder bereits veröffentlichter Passwörter/);
    }
  });

  it('refuses repetitions and sequences', () => {
    for (const password of ['aaaaaaaaaaaaaa', 'abcabcabcabc', '123456789012', 'zyxwvutsrqpo', 'ababababababab', '111122221111', 'passwortpasswort', 'Hallo123hallo123']) {
      refused(password, /Wiederholungen oder einer Zeichenfolge/);
    }
  });

  it('refuses the person’s own e-mail address, name or municipality as the password', () => {
    const context = ['jan.mueller@kiel.example', 'Jan Müller', 'Landeshauptstadt Kiel', 'kiel'];
    refused('jan.mueller2024!', /Namen, Ihrer E-Mail-Adresse/, context);
    refused('JanMüller-1990', /Namen, Ihrer E-Mail-Adresse/, context);
    refused('Landeshauptstadt Kiel 1', /Namen, Ihrer E-Mail-Adresse/, context);
  });

  it('accepts passphrases without any composition rule', () => {
    for (const password of ['korrekt-pferd-batterie-42', 'allesinkleinbuchstabenohneziffern', 'Mein Hund heißt Bello', 'Straßenbahn fährt um 7', '🐕 bellt laut am Morgen']) {
      assert.equal(passwordProblem(password, ['jan.mueller@kiel.example', 'Jan Müller']), null, password);
    }
  });

  it('names the field in its German message', () => {
    assert.match(passwordProblem('qwerty123456', [], 'newPassword')!, /^Das Passwort \(„newPassword“\)/);
  });
});
