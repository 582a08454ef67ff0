import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentSink } from '../../../shared/engine-events';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { diffDatabase } from '../../../electron/engine/diff/index';
import type { Session } from '../../../electron/engine/connection/session';
import { readMigrationFile } from '../../../electron/engine/migrations/migration-folder';
import { planApply } from '../../../electron/engine/orchestrator/apply-plan';
import { validateApply } from '../../../electron/engine/orchestrator/apply-validate';
import { executeApply } from '../../../electron/engine/orchestrator/apply-execute';
import { LiveNames } from '../../../electron/engine/orchestrator/live-names';
import { effectPresence, stepFromJournal } from '../../../electron/engine/orchestrator/resume';
import { StatementJournal } from '../../../electron/engine/orchestrator/statement-journal';
import { planMigration, renderMigrationFile, renderRollbackFile } from '../../../electron/engine/planner/index';
import { createScratchDatabases } from '../../support/databases';
import { fixtureDatabase, fixtureText } from '../../unit/planner/fixture-models';
import { writeMigration } from '../orchestrator/support';
import { liveCore, runSqlText, sessionFor, showCreateAll } from './support';

const options = { generatedAt: new Date(), version: 'test', source: 'planner integration test' };

describe('planned migrations against a live server', () => {
  const url = inject('mysqlUrl');
  let session: Session;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let client: string;
  let guarded: string;
  let ledger: string;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['plan_client', 'plan_guarded', 'plan_ledger']);
    [client, guarded, ledger] = scratch.names as [string, string, string];
    session = await sessionFor(url);
    for (const database of [client, guarded]) await runSqlText(url, database, fixtureText('actual.sql'));
  });
  afterAll(async () => {
    await session?.close();
    await scratch?.drop();
  });

  it('applied with a multi-statement client, converges on the definitions; re-running changes nothing; the down-file restores', async () => {
    const before = await liveCore(session, client);
    const desired = fixtureDatabase('desired.sql', client);
    const changes = diffDatabase(before, desired);
    expect(changes.length).toBeGreaterThanOrEqual(15);
    const plan = planMigration(changes, { ...options, allowDestructive: true });
    const text = renderMigrationFile(plan);
    await runSqlText(url, client, text);
    expect(diffDatabase(await liveCore(session, client), desired)).toEqual([]);

    const once = await showCreateAll(session.pool, client);
    await runSqlText(url, client, text);
    expect(await showCreateAll(session.pool, client)).toEqual(once);

    await runSqlText(url, client, renderRollbackFile(plan));
    const restored = diffDatabase(await liveCore(session, client), fixtureDatabase('actual.sql', client));
    // A dropped column comes back at the end: a DropColumn change does not carry its position.
    expect(restored.map((c) => [c.kind, c.table, 'changed' in c ? c.changed : []])).toEqual([
      ['modifyColumn', 'lupo_items', ['position']],
    ]);
  });

  it('applies through the guarded orchestrator; what is left needs --allow-destructive; resume can see every guard effect', async () => {
    const desired = fixtureDatabase('desired.sql', guarded);
    const plan = planMigration(diffDatabase(await liveCore(session, guarded), desired), options);
    const path = await writeMigration('V1__planned.sql', renderMigrationFile(plan));
    const file = await readMigrationFile(path);
    const applyPlan = await planApply(session.pool, { file, targetDatabase: guarded, ledgerDatabase: ledger });
    const guardSteps = applyPlan.steps.filter((s) => s.statements.length === 4);
    expect(guardSteps.length).toBe(plan.statements.length - 1);
    expect(applyPlan.steps.every((s) => s.classification.idempotent)).toBe(true);
    const validation = await validateApply(session.pool, applyPlan, {
      config: workspaceConfigSchema.parse({}),
      allowDestructive: false,
    });
    expect(validation.ok).toBe(true);
    const outcome = await executeApply(session.pool, {
      plan: applyPlan,
      validation,
      confirmation: { typedDatabase: guarded, allowDestructive: false },
      sink: silentSink,
      signal: new AbortController().signal,
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.verification?.ok).toBe(true);

    const remaining = diffDatabase(await liveCore(session, guarded), desired);
    expect(remaining.length).toBeGreaterThan(0);
    const again = planMigration(remaining, options);
    expect(again.statements).toEqual([]);
    expect(again.skipped.length).toBe(remaining.length);

    const entries = await new StatementJournal(session.pool as never, ledger).read(outcome.batchId!);
    expect(entries).toHaveLength(applyPlan.steps.length);
    const live = await LiveNames.read(session.pool, [guarded]);
    for (const entry of entries) {
      const step = stepFromJournal(entry);
      expect(step.statements.length).toBe(entry.sql.includes('PREPARE') ? 4 : 1);
      const presence = effectPresence(step, live);
      if (/add (column|index)|create table/.test(step.classification.summary)) expect(presence).toBe('present');
      else expect(step.classification.idempotent).toBe(true);
    }
  });
});
