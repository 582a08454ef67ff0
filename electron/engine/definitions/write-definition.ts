import { encode, type JsonObject } from '@toon-format/toon';
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { LupoError } from '../../../shared/errors';
import type { Table } from '../../../shared/schema/model';
import type { DocumentStyle } from './definition-document';
import type { DefinitionFile } from './definition-file';
import { jsonSpans } from './json-spans';
import { jsonEqual, tableToDocument } from './table-to-document';

/** JSON text of a value nested one level deep, in the file's indent. */
function nestedJson(value: unknown, style: DocumentStyle): string {
  return JSON.stringify(value, null, style.indent).split('\n').join(`${style.eol}${style.indent}`);
}

/**
 * Renders a JSON document in the file's style, reusing the original text of every
 * top-level value that did not change (so untouched `data` rows keep `1.0` etc.).
 */
function renderJson(doc: JsonObject, file: DefinitionFile): string {
  const spans = jsonSpans(file.text.replace(/^\uFEFF/, ''), 1);
  const original = file.text.replace(/^\uFEFF/, '');
  const { style } = file;
  const lines = Object.entries(doc).map(([key, value]) => {
    const span = spans.get(key);
    const same = span !== undefined && jsonEqual(file.raw[key], value);
    const text = same ? original.slice(span.start, span.end) : nestedJson(value, style);
    return `${style.indent}${JSON.stringify(key)}: ${text}`;
  });
  return `{${style.eol}${lines.join(`,${style.eol}`)}${style.eol}}${style.trailingNewline ? style.eol : ''}`;
}

/** Renders the new document text for a file (exposed for previews and tests). */
export function renderDefinition(file: DefinitionFile, table: Table): string {
  const doc = tableToDocument(table, file.raw);
  if (jsonEqual(doc, file.raw)) return file.text;
  if (file.encoding === 'json') return renderJson(doc, file);
  const indentSize = file.style.indent === '\t' ? 2 : file.style.indent.length;
  const body = encode(doc, { indentSize });
  const text = file.style.eol === '\r\n' ? body.replaceAll('\n', '\r\n') : body;
  return text + (file.style.trailingNewline ? file.style.eol : '');
}

/**
 * Writes `table` back to its definition file in the file's encoding, key order and style,
 * atomically (temp file + rename). An unchanged table writes the identical bytes.
 */
export async function writeDefinition(file: DefinitionFile, table: Table): Promise<void> {
  const text = renderDefinition(file, table);
  const temp = `${file.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, file.path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new LupoError('definition/write-failed', `Cannot write ${file.path}: ${(error as Error).message}`, {
      hint: 'Check that the folder exists and is writable.',
      cause: error,
    });
  }
}
