import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlBufferInputProvider, XmlDocument, xmlRegisterInputProvider, XsdValidator } from 'libxml2-wasm';

/**
 * The xdomea 3.0.0 schemas and code lists as published by KoSIT, vendored in server/schemas (they
 * ship with the server like its migrations). Read once, compiled once per message family.
 */
export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../schemas/xdomea-3.0.0');

/** The virtual location libxml2 resolves the schemas' relative imports against: never the network, never the disk at run time. */
const VIRTUAL_ROOT = '/amtsdesk-xdomea-3.0.0';

/** Message family → the schema file that declares its root elements. */
export const SCHEMA_OF = {
  abgabe: 'xdomea_3.0.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd',
  aussonderung: 'xdomea_3.0.0/xdomea-Nachrichten-AussonderungDurchfuehren.xsd',
} as const;
export type SchemaFamily = keyof typeof SCHEMA_OF;

let registered = false;
function registerSchemaFiles(): void {
  if (registered) return;
  const files: Record<string, Uint8Array> = {};
  for (const dir of ['xdomea_3.0.0', 'xoev/code/1_0', 'xoev/latinchars/1_1/datatypes']) {
    for (const name of readdirSync(join(SCHEMA_DIR, dir))) {
      if (name.endsWith('.xsd')) files[`${VIRTUAL_ROOT}/${dir}/${name}`] = readFileSync(join(SCHEMA_DIR, dir, name));
    }
  }
  xmlRegisterInputProvider(new XmlBufferInputProvider(files));
  registered = true;
}

const validators = new Map<SchemaFamily, XsdValidator>();

/** The compiled validator of a family (compiling the xdomea schemas takes a few hundred milliseconds, so once). */
export function validatorOf(family: SchemaFamily): XsdValidator {
  let validator = validators.get(family);
  if (!validator) {
    registerSchemaFiles();
    const url = `${VIRTUAL_ROOT}/${SCHEMA_OF[family]}`;
    const schema = XmlDocument.fromBuffer(readFileSync(join(SCHEMA_DIR, SCHEMA_OF[family])), { url });
    try {
      validator = XsdValidator.fromDoc(schema);
    } finally {
      schema.dispose();
    }
    validators.set(family, validator);
  }
  return validator;
}

/** A genericode code list of the standard (code_lists/*.xml) as code → first description column. */
function readCodeList(file: string): Map<string, string> {
  const text = readFileSync(join(SCHEMA_DIR, 'xdomea_3.0.0/code_lists', file), 'utf8');
  const rows = new Map<string, string>();
  for (const row of text.matchAll(/<Row>([\s\S]*?)<\/Row>/g)) {
    const values = [...row[1]!.matchAll(/<SimpleValue>([^<]*)<\/SimpleValue>/g)].map((m) => m[1]!.trim());
    if (values[0]) rows.set(values[0], values[1] ?? '');
  }
  if (rows.size === 0) throw new Error(`xdomea code list ${file} has no rows`);
  return rows;
}

let codeLists: { dateiformat: Map<string, string>; nachrichtentyp: Map<string, string> } | null = null;

/** The shipped code lists this module uses (Dateiformat 1.0, Nachrichtentyp 2.0). */
export function shippedCodeLists() {
  codeLists ??= { dateiformat: readCodeList('Dateiformat_1.0.xml'), nachrichtentyp: readCodeList('Nachrichtentyp_2.0.xml') };
  return codeLists;
}
