import { LupoError } from '../../../shared/errors';

/**
 * The table options besides engine/charset/collation/comment/row format that the model
 * carries (`TableOptions.other`, definition key `table_options`), each with the value that
 * resets it (measured on MariaDB 10.11: `CHECKSUM=DEFAULT` is a syntax error, `CHECKSUM=0`
 * resets; engine-defined options such as PAGE_COMPRESSED take `DEFAULT`). Any other
 * CREATE_OPTIONS entry is reported as not modelled.
 */
export const TABLE_OPTION_RESETS: Readonly<Record<string, string>> = {
  CHECKSUM: '0',
  DELAY_KEY_WRITE: '0',
  PACK_KEYS: 'DEFAULT',
  STATS_PERSISTENT: 'DEFAULT',
  STATS_AUTO_RECALC: 'DEFAULT',
  STATS_SAMPLE_PAGES: 'DEFAULT',
  KEY_BLOCK_SIZE: '0',
  MIN_ROWS: '0',
  MAX_ROWS: '0',
  AVG_ROW_LENGTH: '0',
  PAGE_COMPRESSED: 'DEFAULT',
  PAGE_COMPRESSION_LEVEL: 'DEFAULT',
  ENCRYPTED: 'DEFAULT',
  ENCRYPTION_KEY_ID: 'DEFAULT',
};

const VALUE = /^[A-Za-z0-9_]+$/;

/** True for an option name (any case) the model carries. */
export function isModelledTableOption(name: string): boolean {
  return Object.hasOwn(TABLE_OPTION_RESETS, name.toUpperCase());
}

/**
 * Checks one option of a definition's `table_options`: a known name and a plain value
 * (letters, digits, underscore). Returns the canonical pair (upper-case name) or throws
 * LupoError `sqlgen/invalid-table-option` saying what is wrong.
 */
export function checkTableOption(name: string, value: unknown): readonly [string, string] {
  const key = name.toUpperCase();
  if (!isModelledTableOption(key))
    throw new LupoError('sqlgen/invalid-table-option', `Unknown table option "${name}".`, {
      hint: `Use one of ${Object.keys(TABLE_OPTION_RESETS).join(', ')}.`,
    });
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !VALUE.test(text))
    throw new LupoError(
      'sqlgen/invalid-table-option',
      `Table option ${key} needs a plain value, got ${JSON.stringify(value)}.`,
      {
        hint: 'Write a number or a word, e.g. "1".',
      },
    );
  return [key, text];
}

/** `KEY=value` for each option, in the map's order (checked again: the map may come from anywhere). */
export function renderOtherTableOptions(other: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(other ?? {}).map(([name, value]) => {
    const [key, text] = checkTableOption(name, value);
    return `${key}=${text}`;
  });
}

/**
 * The modelled options of an information_schema CREATE_OPTIONS text (`checksum=1
 * \`PAGE_COMPRESSED\`='1'` → { CHECKSUM: '1', PAGE_COMPRESSED: '1' }) and the entries the
 * model does not carry (row_format and partitioned are read elsewhere).
 */
export function splitCreateOptions(text: unknown): { other: Record<string, string>; unmodelled: string[] } {
  const other: Record<string, string> = {};
  const unmodelled: string[] = [];
  if (typeof text !== 'string' || text.trim() === '') return { other, unmodelled };
  for (const entry of text.trim().split(/\s+/)) {
    if (/^(row_format=|partitioned$)/i.test(entry)) continue;
    const clean = entry.replaceAll('`', '').replaceAll("'", '');
    const cut = clean.indexOf('=');
    const key = (cut < 0 ? clean : clean.slice(0, cut)).toUpperCase();
    const value = cut < 0 ? '' : clean.slice(cut + 1);
    if (isModelledTableOption(key) && VALUE.test(value)) other[key] = value;
    else unmodelled.push(clean.toUpperCase());
  }
  return { other, unmodelled };
}
