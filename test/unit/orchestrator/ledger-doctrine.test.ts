import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { loadDefinitions } from '../../../electron/engine/definitions/load-definitions';
import { lintModel } from '../../../electron/engine/doctrine';
import { doctrineTable, model } from '../diff/model-builders';

const config = workspaceConfigSchema.parse({});
const codes = (dir: string) =>
  loadDefinitions(resolve(__dirname, dir), config).then((r) =>
    lintModel(r.model, config, 'definitions').map((f) => `${f.code}: ${f.message}`),
  );

describe("the doctrine agrees with Lupopedia's naming of its ledger", () => {
  it("Lupopedia's own .toon definitions (no keys) and the shipped ones (keys, journal) lint clean", async () => {
    expect(await codes('../../fixtures/lupopedia-ledger/toon')).toEqual([]);
    expect(await codes('../../../toon/orchestration')).toEqual([]);
  });

  it('still flags a ledger table keyed on another column, and ordinary tables as before', () => {
    const wrong = doctrineTable('migration_batches', 'migration_batch_id');
    const findings = lintModel(model({ orchestration: [wrong] }), config, 'definitions');
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/rename it to `batch_id`/));
    const ordinary = doctrineTable('lupo_validation_log', 'validation_id');
    expect(lintModel(model({ core: [ordinary] }), config, 'definitions').map((f) => f.code)).toContain(
      'primary-key-named-after-table',
    );
  });
});
