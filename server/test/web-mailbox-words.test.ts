import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

/*
 * The case header's Postfach line (web/src/case/mailboxText.ts), checked here because the web app has
 * no test runner of its own: the caseworker reads the kind of account and its trust level in words.
 */
type Mailbox = { identifier: string; type: string; rawType?: string; accountType?: string; trustLevel?: string; accountKind?: string };
const webModule = new URL('../../web/src/case/mailboxText.ts', import.meta.url).href;
const { mailboxWords } = (await import(webModule)) as { mailboxWords: (m: Mailbox) => string };

describe('Postfach in words', () => {
  it('names the account type and the eIDAS trust level for the codes the channels send', () => {
    const cases: Array<[Mailbox, string]> = [
      [{ identifier: 'x', type: 'unternehmen', accountType: 'OSI', trustLevel: 'STORK-QAA-Level-3' }, 'Unternehmenskonto, Vertrauensniveau substanziell'],
      [{ identifier: 'x', type: 'BUND_ID', accountType: 'ORGANISATIONS_KONTO', trustLevel: 'STORK-QAA-Level-3' }, 'Unternehmenskonto, Vertrauensniveau substanziell'],
      [{ identifier: 'x', type: 'MUK', trustLevel: 'STORK-QAA-Level-4' }, 'Unternehmenskonto, Vertrauensniveau hoch'],
      [{ identifier: 'x', type: 'OSI', accountType: 'OSI', trustLevel: 'STORK-QAA-Level-1' }, 'Servicekonto (OSI), Vertrauensniveau niedrig'],
      [{ identifier: 'x', type: 'BUND_ID', accountType: 'BUND_ID', trustLevel: 'STORK-QAA-Level-2' }, 'BundID-Konto, Vertrauensniveau niedrig'],
      [{ identifier: 'x', type: 'BUNDID', trustLevel: 'STORK-QAA-Level-4' }, 'BundID-Konto, Vertrauensniveau hoch'],
      [{ identifier: 'x', type: 'BAYERN_ID', trustLevel: 'http://eidas.europa.eu/LoA/substantial' }, 'BayernID-Konto, Vertrauensniveau substanziell'],
      [{ identifier: 'x', type: 'FINK' }, 'FIT-Connect-Postfach (FINK)'],
      // As the intake stores it since issue #13: the Postfach service in type, the channel's code in rawType.
      [{ identifier: 'x', type: 'osi', rawType: 'unternehmen', accountType: 'OSI', trustLevel: 'STORK-QAA-Level-3', accountKind: 'organisation' }, 'Unternehmenskonto, Vertrauensniveau substanziell'],
      [{ identifier: 'x', type: 'bayernid', rawType: 'POSTKORB', accountType: 'BAYERN_ID', trustLevel: 'STORK-QAA-Level-3' }, 'BayernID-Konto, Vertrauensniveau substanziell'],
      [{ identifier: 'x', type: 'unbekannt' }, 'Nutzerkonto unbekannter Art'],
      [{ identifier: 'x', type: 'NRW_KONTO', trustLevel: 'STORK-QAA-Level-3' }, 'Nutzerkonto „NRW_KONTO“, Vertrauensniveau substanziell'],
    ];
    for (const [mailbox, words] of cases) assert.equal(mailboxWords(mailbox), words, JSON.stringify(mailbox));
  });
});
