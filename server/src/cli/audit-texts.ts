import type { SignatureVerdict } from '../events/checkpoint-statement.js';
import type { ChainProblem } from '../events/verify.js';

/** "2026-12-06 22:00:00 UTC": unambiguous for an operator reading a report from another time zone. */
export function formatTime(iso: string): string {
  return `${new Date(iso).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

export const SIGNATURE_VERDICTS: Record<Exclude<SignatureVerdict, 'valid'> | 'no_key', string> = {
  bad_signature: 'Signatur ungültig – der Prüfpunkt wurde nach dem Signieren verändert',
  foreign_key: 'mit einem anderen als dem geprüften Schlüssel signiert',
  malformed: 'kein gültiger Prüfpunkt (Format verändert)',
  no_key: 'kein öffentlicher Schlüssel zum Prüfen vorhanden (AMTSDESK_AUDIT_KEY_FILE oder --public-key)',
};

/** German explanation of a finding; names the related event or checkpoint. */
export function describeProblem(p: ChainProblem): string {
  const checkpoint = p.related?.checkpoint;
  const when = checkpoint ? formatTime(checkpoint.createdAt) : '';
  switch (p.reason) {
    case 'legacy_root_mismatch':
      return 'Ereignisse vor der Formatumstellung (Migration 0039) wurden verändert, eingefügt oder entfernt (Siegel stimmt nicht)';
    case 'format_mismatch':
      return 'Ereignis im alten Format nach der Formatumstellung (von einer alten Version geschrieben oder eingefügt)';
    case 'legacy_unsealed':
      return 'Inhalt eines Ereignisses im alten Format gelöscht, aber kein Siegel der Formatumstellung bestätigt es';
    case 'hash_mismatch':
      return 'Inhalt, Zeitstempel oder Position verändert (Hash stimmt nicht)';
    case 'rewritten':
      return `Inhalt verändert und Hash neu berechnet (der Nachfolger seq ${p.related?.seq} verweist noch auf den ursprünglichen Hash)`;
    case 'reordered':
      return `Reihenfolge verändert (das Ereignis verweist auf seq ${p.related?.seq} als Vorgänger)`;
    case 'broken_link':
      return 'Verkettung unterbrochen (vorheriger Hash stimmt nicht)';
    case 'gap':
      return 'Lücke in der Nummerierung';
    case 'head_mismatch':
      return 'Kettenende passt nicht zum letzten Ereignis';
    case 'timestamp_order':
      return `Zeitstempel verändert (liegt vor dem des vorigen Ereignisses seq ${p.related?.seq})`;
    case 'timestamp_after_checkpoint':
      return `Zeitstempel verändert (liegt nach dem Prüfpunkt vom ${when}, der das Ereignis schon enthielt)`;
    case 'timestamp_before_checkpoint':
      return `Zeitstempel verändert (liegt vor dem Prüfpunkt vom ${when}, der das Ereignis noch nicht enthielt)`;
    case 'checkpoint_mismatch':
      return (
        `passt nicht zum signierten Prüfpunkt vom ${when}: mindestens ein Ereignis von seq ${p.related?.fromSeq} bis seq ${p.seq} ` +
        'wurde verändert, umgeordnet oder ersetzt'
      );
    case 'truncated': {
      const last = p.related?.lastSeq ?? 0;
      return (
        `Kette gekürzt: sie endet bei seq ${last}, der signierte Prüfpunkt vom ${when} bestätigt seq ${checkpoint?.seq} – ` +
        `Ereignisse seq ${last + 1} bis ${checkpoint?.seq} fehlen`
      );
    }
  }
}
