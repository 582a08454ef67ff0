import { z } from 'zod';

/** One doctrine rule's settings: on/off, severity override, rule-specific options. */
export const ruleSettings = z
  .object({
    enabled: z.boolean().default(true),
    severity: z.enum(['error', 'warning', 'info']).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** Where a finding was found (a waiver may be limited to one). */
export const findingSources = ['definitions', 'sql', 'live', 'migration', 'plan'] as const;

/**
 * A waiver: a known doctrine finding the team accepts for now, with the reason, kept in
 * the workspace config so it is reviewed in git like code (Skeema/Bytebase-style rule
 * configs, linters' baselines). It matches findings of `rule`, on `table` when given
 * (every table when not), from `source` when given. The table budget cannot be waived.
 */
export const waiverSchema = z
  .object({
    rule: z.string().trim().min(1).max(100),
    table: z.string().trim().min(1).max(200).optional(),
    source: z.enum(findingSources).optional(),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();

/**
 * The workspace config (`lupo.config.json` or `lupo.config.toon`), checked in by the
 * operator. Paths are relative to the config file's folder. Connection profiles are NOT
 * here: they live in the app's user-data folder with encrypted secrets.
 */
export const workspaceConfigSchema = z
  .object({
    /** Folder of `.toon` table definitions (sub-folders per role optional). */
    definitions: z.string().default('toon'),
    /** Folder of hand-written and generated migration files. */
    migrations: z.string().default('migrations'),
    /** Install/dump SQL files compared with the definitions. */
    sqlFiles: z.array(z.string()).default([]),
    /** Where rollback backups are written. */
    backups: z.string().default('backups'),
    /** Physical database name of each role. */
    databases: z
      .object({
        core: z.string().min(1).default('lupo_core'),
        orchestration: z.string().min(1).default('lupo_orchestration'),
        ephemeral: z.string().min(1).default('lupo_ephemeral'),
      })
      .strict()
      .prefault({}),
    /** Table-name patterns (`*` wildcard) deciding the role when no role sub-folder is used. */
    rolePatterns: z
      .object({
        orchestration: z.array(z.string()).default(['migration_*']),
        ephemeral: z.array(z.string()).default([]),
      })
      .strict()
      .prefault({}),
    /** Maximum number of tables across the system (and optionally per role). */
    tableBudget: z
      .object({
        total: z.number().int().positive().default(180),
        perRole: z
          .object({
            core: z.number().int().positive().optional(),
            orchestration: z.number().int().positive().optional(),
            ephemeral: z.number().int().positive().optional(),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Doctrine rule settings by rule id (`no-foreign-keys`: { enabled: false }). */
    doctrine: z.record(z.string(), ruleSettings).default({}),
    /**
     * Table options a definition gets when it declares none (doctrine: InnoDB, utf8mb4):
     * used by generated CREATE TABLE and compared with live tables as if declared.
     */
    tableDefaults: z
      .object({
        engine: z.string().min(1).default('InnoDB'),
        charset: z.string().min(1).default('utf8mb4'),
        collation: z.string().min(1).default('utf8mb4_unicode_ci'),
      })
      .strict()
      .prefault({}),
    /** The system's version, printed in report front matter. */
    systemVersion: z.string().optional(),
    /** Accepted doctrine findings, each with its reason (see waiverSchema). */
    waivers: z.array(waiverSchema).default([]),
  })
  .strict();

/** A validated workspace config with defaults applied. */
export type WorkspaceConfig = z.output<typeof workspaceConfigSchema>;
/** A workspace config as written in the file. */
export type WorkspaceConfigInput = z.input<typeof workspaceConfigSchema>;
/** One rule's settings. */
export type RuleSettings = z.output<typeof ruleSettings>;
/** One waiver. */
export type Waiver = z.output<typeof waiverSchema>;
