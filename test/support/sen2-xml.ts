import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';

/** The schema the team wrote from the SEN2 2026 description (libs/reporting/src/sen2/sen2-2026.xsd). */
export const SEN2_XSD_PATH = join(__dirname, '../../libs/reporting/src/sen2/sen2-2026.xsd');

/**
 * Validates a SEN2 file against the checked-in XSD with libxml2 (xmllint compiled to WebAssembly: the same checks as
 * Debian's xmllint --schema, no system package needed). Returns libxml2's error messages, empty when valid.
 */
export async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'sen2.xml', contents: xml }], schema: [{ fileName: 'sen2-2026.xsd', contents: readFileSync(SEN2_XSD_PATH, 'utf8') }], maxMemoryPages: 16384 });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

/**
 * Reads a SEN2 file with an independent parser (fast-xml-parser), the way analysts' readers do: elements by bare
 * name, repeated ones as arrays, every value as text.
 */
export function parseSen2(xml: string): Sen2Doc {
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => ['Person', 'Requests', 'PlanDetail', 'PlacementDetail', 'SENneed'].includes(name) });
  return parser.parse(xml) as Sen2Doc;
}

export interface Sen2Doc {
  Message: { Header: { CollectionDetails: Record<string, string>; Source: Record<string, string> }; Persons: '' | { Person?: Sen2Person[] } };
}
export type Sen2Person = Record<string, string> & { Requests: Sen2Request[] };
export type Sen2Request = Record<string, string> & {
  Assessment?: Record<string, string> & { NamedPlan?: Record<string, string> & { PlanDetail?: Record<string, string>[] } };
  ActivePlans?: Record<string, string> & { PlacementDetail?: Record<string, string>[]; SENneed?: Record<string, string>[] };
};

export function sen2Persons(doc: Sen2Doc): Sen2Person[] {
  return doc.Message.Persons === '' ? [] : (doc.Message.Persons.Person ?? []);
}
