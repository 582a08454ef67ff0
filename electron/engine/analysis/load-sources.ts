import type { Finding } from '../../../shared/schema/findings';
import { DATABASE_ROLES, type SchemaModel } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { loadDefinitions } from '../definitions/index';
import type { DuplicateDefinition, FailedDefinition } from '../definitions/load-definitions';
import { readSqlFile } from '../sqlfile/index';

/** The file-based sources of an analysis, loaded; `findings` are input problems (bad files). */
export interface LoadedFileSources {
  readonly definitions?: SchemaModel;
  readonly sql?: { readonly model: SchemaModel; readonly createTableCount: number; readonly files: readonly string[] };
  readonly findings: readonly Finding[];
  /** Definition files that failed to load (their tables are unknown). */
  readonly failedDefinitions?: readonly FailedDefinition[];
  /** Second declarations of tables another definition file declares (see DefinitionsResult). */
  readonly duplicateDefinitions?: readonly DuplicateDefinition[];
}

/** Merges the models of several SQL files (install files split per database) into one. */
export function mergeModels(models: readonly SchemaModel[]): SchemaModel {
  const [first, ...rest] = models;
  if (!first) throw new Error('mergeModels needs at least one model');
  return {
    databases: Object.fromEntries(
      DATABASE_ROLES.map((role) => {
        const base = first.databases[role];
        return [
          role,
          {
            ...base,
            tables: [...base.tables, ...rest.flatMap((model) => model.databases[role].tables)],
            views: [...base.views, ...rest.flatMap((model) => model.databases[role].views)],
            forbiddenObjects: [
              ...base.forbiddenObjects,
              ...rest.flatMap((model) => model.databases[role].forbiddenObjects),
            ],
          },
        ];
      }),
    ) as unknown as SchemaModel['databases'],
  };
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * Input problems in the order an operator fixes them: files that did not load at all
 * first (nothing else about them is known), then other errors, warnings, notes. Stable.
 */
export function orderLoadFindings(findings: readonly Finding[]): Finding[] {
  const failedToLoad = (finding: Finding): number =>
    /^(definition|sqlfile|sql)\/(invalid|unreadable|not-an-object|parse)/.test(finding.code) ? 0 : 1;
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        failedToLoad(a.finding) - failedToLoad(b.finding) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

/**
 * Loads the definitions folder and SQL file(s) an analysis compares. Bad files do not
 * throw: their problems come back as findings (the caller decides: exit 2 in the CLI);
 * an unreadable folder or file throws LupoError from the loaders.
 */
export async function loadFileSources(options: {
  readonly config: WorkspaceConfig;
  readonly definitionsDir?: string;
  readonly sqlFiles?: readonly string[];
}): Promise<LoadedFileSources> {
  const findings: Finding[] = [];
  let definitions: SchemaModel | undefined;
  let failedDefinitions: readonly FailedDefinition[] | undefined;
  let duplicateDefinitions: readonly DuplicateDefinition[] | undefined;
  if (options.definitionsDir) {
    const result = await loadDefinitions(options.definitionsDir, options.config, { keepFiles: false });
    definitions = result.model;
    failedDefinitions = result.failed;
    duplicateDefinitions = result.duplicates;
    findings.push(...result.findings);
  }
  let sql: LoadedFileSources['sql'];
  if (options.sqlFiles && options.sqlFiles.length > 0) {
    const results = [];
    for (const file of options.sqlFiles) {
      const result = await readSqlFile(file, options.config);
      findings.push(...result.findings);
      results.push(result);
    }
    sql = {
      model: mergeModels(results.map((result) => result.model)),
      createTableCount: results.reduce((sum, result) => sum + result.createTableCount, 0),
      files: options.sqlFiles,
    };
  }
  return {
    ...(definitions ? { definitions } : {}),
    ...(sql ? { sql } : {}),
    findings: orderLoadFindings(findings),
    ...(failedDefinitions ? { failedDefinitions } : {}),
    ...(duplicateDefinitions ? { duplicateDefinitions } : {}),
  };
}
