import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LUPOPEDIA_FIELDS,
  LUPOPEDIA_LEDGER_TABLES,
  normaliseType,
  parseFieldString,
  unquote,
} from '../../../electron/engine/orchestrator/ledger-columns';
import { fitValue } from '../../../electron/engine/orchestrator/ledger-tables';

const toon = (dir: string, table: string) =>
  JSON.parse(readFileSync(resolve(__dirname, dir, `${table}.toon`), 'utf8')) as {
    fields: string[];
    primary_key?: { column_name: string };
  };

describe("Lupopedia's ledger columns", () => {
  it("are Lupopedia's published .toon fields verbatim, in the shipped definitions, the demo and the detector", () => {
    for (const table of LUPOPEDIA_LEDGER_TABLES) {
      const published = toon('../../fixtures/lupopedia-ledger/toon', table).fields;
      expect(LUPOPEDIA_FIELDS[table]).toEqual(published);
      expect(toon('../../../toon/orchestration', table).fields).toEqual(published);
      expect(toon('../../../toon/demo/orchestration', table).fields).toEqual(published);
      // The shipped definitions carry the 4.0.25 SQL's key on the id column; the demo, like Lupopedia's files, none.
      expect(toon('../../../toon/orchestration', table).primary_key?.column_name).toBe(
        parseFieldString(published[0]!).name,
      );
      expect(toon('../../../toon/demo/orchestration', table).primary_key).toBeUndefined();
    }
  });

  it('normalise what the servers report to what the .toon declares', () => {
    expect(parseFieldString("`batch_status` enum('pending','running') NOT NULL DEFAULT 'pending'")).toEqual({
      name: 'batch_status',
      type: "enum('pending','running')",
      nullable: false,
      default: 'pending',
    });
    expect(parseFieldString('`file_hash` varchar(64)')).toEqual({
      name: 'file_hash',
      type: 'varchar(64)',
      nullable: true,
    });
    expect(normaliseType('bigint(14)')).toBe('bigint');
    expect(normaliseType('bigint(20)')).toBe('bigint');
    expect(normaliseType('int(11)')).toBe('int');
    expect(normaliseType('tinyint(1)')).toBe('tinyint(1)');
    expect(normaliseType('longtext')).toBe('json');
    expect(normaliseType("enum('A', 'B','C','D')")).toBe("enum('A','B','C','D')");
    expect(unquote("'pending'")).toBe('pending');
    expect(unquote('NULL')).toBeUndefined();
  });

  it('fit values to Lupopedia column limits (VARCHAR lengths, INT range)', () => {
    expect(String(fitValue('batch_name', 'x'.repeat(300))).length).toBe(255);
    expect(String(fitValue('validation_type', 'y'.repeat(150))).length).toBe(100);
    expect(fitValue('processing_time_ms', 5_000_000_000)).toBe(2147483647);
    expect(fitValue('batch_id', 5_000_000_000)).toBe(5_000_000_000);
    expect(fitValue('alert_message', 'z'.repeat(5000))).toHaveLength(5000);
  });
});
