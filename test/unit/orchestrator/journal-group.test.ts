import { describe, expect, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { executeSteps, journalGroup } from '../../../electron/engine/orchestrator/step-executor';
import { JOURNAL_GROUP_MAX, type StatementJournal } from '../../../electron/engine/orchestrator/statement-journal';
import { buildSteps } from '../../../electron/engine/orchestrator/steps';

const steps = (...sql: string[]) => buildSteps(sql.map((s, i) => ({ sql: s, line: i + 1 })));
const indexes = (sql: string[], start = 0, skip: number[] = []) =>
  journalGroup(steps(...sql), start, new Set(skip)).map((s) => s.index);

describe('journalGroup (which steps one journal write marks running)', () => {
  it('groups idempotent creates and drops of distinct tables', () => {
    expect(
      indexes([
        'CREATE TABLE IF NOT EXISTS a (a_id int)',
        'DROP TABLE IF EXISTS b',
        'CREATE TABLE IF NOT EXISTS `db`.c (c_id int)',
      ]),
    ).toEqual([0, 1, 2]);
  });

  it('ends the group before a second step on the same table, qualified or not, in any case', () => {
    expect(
      indexes([
        'DROP TABLE IF EXISTS a',
        'CREATE TABLE IF NOT EXISTS b (x int)',
        'CREATE TABLE IF NOT EXISTS A (x int)',
      ]),
    ).toEqual([0, 1]);
    expect(indexes(['DROP TABLE IF EXISTS a', 'CREATE TABLE IF NOT EXISTS `db`.`a` (x int)'])).toEqual([0]);
  });

  it('groups drops of several tables (a generated rollback) while no table repeats', () => {
    expect(indexes(['DROP TABLE IF EXISTS a, b', 'DROP TABLE IF EXISTS c, d', 'DROP TABLE IF EXISTS e'])).toEqual([
      0, 1, 2,
    ]);
    expect(indexes(['DROP TABLE IF EXISTS a, b', 'DROP TABLE IF EXISTS c, B'])).toEqual([0]);
    expect(indexes(['DROP TABLE IF EXISTS a, b', 'CREATE TABLE IF NOT EXISTS `db`.`a` (x int)'])).toEqual([0]);
  });

  it('keeps every other step alone: not idempotent, columns, data, guards', () => {
    expect(indexes(['CREATE TABLE a (x int)', 'CREATE TABLE IF NOT EXISTS b (x int)'])).toEqual([0]);
    expect(indexes(['CREATE TABLE IF NOT EXISTS b (x int)', 'CREATE TABLE a (x int)'])).toEqual([0]);
    expect(indexes(['DROP TABLE a, b', 'DROP TABLE IF EXISTS c'])).toEqual([0]);
    expect(indexes(['DROP TABLE IF EXISTS c', 'DROP TABLE a, b'])).toEqual([0]);
    expect(indexes(['CREATE TABLE IF NOT EXISTS b (x int)', 'ALTER TABLE b ADD COLUMN IF NOT EXISTS y int'])).toEqual([
      0,
    ]);
    expect(indexes(['CREATE TABLE IF NOT EXISTS b (x int)', 'INSERT INTO c VALUES (1)'])).toEqual([0]);
    expect(indexes(['CREATE OR REPLACE TABLE a (x int)', 'CREATE TABLE IF NOT EXISTS b (x int)'])).toEqual([0]);
  });

  it('stops at a skipped step and at the size limit', () => {
    const creates = Array.from({ length: JOURNAL_GROUP_MAX + 4 }, (_, i) => `CREATE TABLE IF NOT EXISTS t${i} (x int)`);
    expect(indexes(creates, 0, [3])).toEqual([0, 1, 2]);
    expect(indexes(creates)).toHaveLength(JOURNAL_GROUP_MAX);
    expect(indexes(creates, JOURNAL_GROUP_MAX)).toEqual([0, 1, 2, 3].map((i) => JOURNAL_GROUP_MAX + i));
  });
});

describe('executeSteps cancelled inside a journal group', () => {
  it('journals the steps that ran as done and puts the rest of the group back to pending', async () => {
    const calls: string[] = [];
    const writer = {
      advanceMany: async (_batch: number, done: readonly { index: number }[], running: readonly number[]) => {
        calls.push(`advance done=[${done.map((d) => d.index)}] running=[${running}]`);
      },
      release: async (_batch: number, indexes: readonly number[]) => {
        calls.push(`release [${indexes}]`);
      },
      fail: async () => {},
    } as unknown as StatementJournal;
    const controller = new AbortController();
    let ran = 0;
    const connection = {
      query: async () => {
        if (++ran === 2) controller.abort(); // the operator cancels while the second step runs
        return [[], []];
      },
    } as unknown as Connection;
    const sql = ['a', 'b', 'c', 'd'].map((t) => `CREATE TABLE IF NOT EXISTS ${t} (x int)`);
    await expect(
      executeSteps({
        connection,
        steps: steps(...sql),
        file: 'up.sql',
        journal: { batchId: 1, writer },
        sink: () => {},
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'job/cancelled' });
    expect(ran).toBe(2);
    expect(calls).toEqual(['advance done=[] running=[0,1,2,3]', 'advance done=[0,1] running=[]', 'release [2,3]']);
  });
});
