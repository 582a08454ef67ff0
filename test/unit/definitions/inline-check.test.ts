import { describe, expect, it } from 'vitest';
import { parseDefinitionDocument } from '../../../electron/engine/definitions/definition-document';
import { documentToTable } from '../../../electron/engine/definitions/document-to-table';
import { tableToDocument } from '../../../electron/engine/definitions/table-to-document';

const TEXT = JSON.stringify({
  table_name: 't',
  fields: ['`id` bigint NOT NULL', '`qty` int NOT NULL CHECK (`qty` >= 0)', '`code` char(2) NOT NULL INVISIBLE'],
  data: [],
  check_constraints: [{ constraint_name: 'chk_code', check_clause: "`code` <> ''" }],
});

describe('CHECKs and INVISIBLE in definition files', () => {
  it('reads an inline CHECK as a column-level CHECK and INVISIBLE as a column flag', () => {
    const { table, findings } = documentToTable(parseDefinitionDocument(TEXT), 't.toon');
    expect(findings).toEqual([]);
    expect(table!.checks).toEqual([
      { name: 'qty', expression: '`qty` >= 0', column: 'qty' },
      { name: 'chk_code', expression: "`code` <> ''" },
    ]);
    expect(table!.columns.find((c) => c.name === 'code')?.invisible).toBe(true);
  });

  it('writes an unchanged table back as it was (the inline CHECK stays in its field)', () => {
    const doc = parseDefinitionDocument(TEXT);
    const { table } = documentToTable(doc, 't.toon');
    expect(tableToDocument(table!, doc.raw)).toEqual(doc.raw);
  });

  it('refuses CHECK text that would smuggle a statement', () => {
    const bad = JSON.stringify({
      table_name: 't',
      fields: ['`id` bigint NOT NULL'],
      check_constraints: [{ constraint_name: 'x', check_clause: '1) ; DROP TABLE t; --' }],
    });
    const { table, findings } = documentToTable(parseDefinitionDocument(bad), 't.toon');
    expect(table).toBeUndefined();
    expect(findings.map((f) => f.code)).toEqual(['definition/invalid-check']);
  });
});
