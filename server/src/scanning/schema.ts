import { Type } from '@sinclair/typebox';

export const ScanStatusSchema = Type.Union(
  [Type.Literal('clean'), Type.Literal('not_scanned'), Type.Literal('pending'), Type.Literal('infected')],
  { description: 'Prüfung auf Schadsoftware: clean (geprüft, unauffällig), not_scanned (nicht geprüft), pending (wird geprüft, gesperrt), infected (Schadsoftware gefunden, gesperrt)' },
);
