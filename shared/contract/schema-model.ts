import { z } from 'zod';
import { DATABASE_ROLES } from '../schema/model';

/**
 * Runtime validators mirroring shared/schema/model.ts, for calls that carry a SchemaModel
 * across the contract (introspection, diff, plans). Kept field-for-field in step with the
 * model; `satisfies`-style checks in test/unit/connection keep them honest.
 */

export const fileLocationSchema = z.object({
  kind: z.literal('file'),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int().optional(),
});

export const databaseLocationSchema = z.object({
  kind: z.literal('database'),
  database: z.string(),
  table: z.string().optional(),
  column: z.string().optional(),
});

export const locationSchema = z.discriminatedUnion('kind', [fileLocationSchema, databaseLocationSchema]);

export const columnDefaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('null') }),
  z.object({ kind: z.literal('literal'), value: z.string() }),
  z.object({ kind: z.literal('expression'), value: z.string() }),
]);

export const columnSchema = z.object({
  name: z.string(),
  type: z.string(),
  length: z.number().int().optional(),
  precision: z.number().int().optional(),
  scale: z.number().int().optional(),
  fsp: z.number().int().optional(),
  displayWidth: z.number().int().optional(),
  unsigned: z.boolean(),
  zerofill: z.boolean(),
  values: z.array(z.string()).optional(),
  nullable: z.boolean(),
  default: columnDefaultSchema.optional(),
  onUpdate: z.string().optional(),
  autoIncrement: z.boolean(),
  charset: z.string().optional(),
  collation: z.string().optional(),
  comment: z.string().optional(),
  generated: z.object({ expression: z.string(), stored: z.boolean() }).optional(),
  invisible: z.boolean().optional(),
  srid: z.number().int().optional(),
  source: fileLocationSchema.optional(),
});

export const indexSchema = z.object({
  name: z.string(),
  columns: z.array(
    z.object({ name: z.string(), length: z.number().int().optional(), descending: z.boolean().optional() }),
  ),
  unique: z.boolean(),
  kind: z.enum(['btree', 'hash', 'fulltext', 'spatial']),
  comment: z.string().optional(),
  ignored: z.boolean().optional(),
});

export const foreignKeySchema = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  referencedDatabase: z.string().optional(),
  referencedTable: z.string(),
  referencedColumns: z.array(z.string()),
  onDelete: z.string().optional(),
  onUpdate: z.string().optional(),
});

export const tableSchema = z.object({
  name: z.string(),
  columns: z.array(columnSchema),
  primaryKey: z.object({ columns: z.array(z.string()) }).optional(),
  indexes: z.array(indexSchema),
  foreignKeys: z.array(foreignKeySchema),
  options: z.object({
    engine: z.string().optional(),
    charset: z.string().optional(),
    collation: z.string().optional(),
    comment: z.string().optional(),
    rowFormat: z.string().optional(),
    other: z.record(z.string(), z.string()).optional(),
  }),
  checks: z.array(z.object({ name: z.string(), expression: z.string(), column: z.string().optional() })).optional(),
  partitioning: z.string().optional(),
  unmodelled: z.array(z.string()).optional(),
  defaulted: z.array(z.enum(['engine', 'charset', 'collation'])).optional(),
  source: fileLocationSchema.optional(),
  stats: z.object({ rowEstimate: z.number(), dataBytes: z.number(), indexBytes: z.number() }).optional(),
});

export const databaseRoleSchema = z.enum(DATABASE_ROLES);

export const databaseSchema = z.object({
  role: databaseRoleSchema,
  name: z.string(),
  tables: z.array(tableSchema),
  views: z.array(z.object({ name: z.string(), definition: z.string() })),
  forbiddenObjects: z.array(
    z.object({
      kind: z.enum(['trigger', 'procedure', 'function', 'event']),
      name: z.string(),
      table: z.string().optional(),
      source: locationSchema.optional(),
    }),
  ),
});

/** Validator of a whole SchemaModel. */
export const schemaModelSchema = z.object({
  databases: z.object({ core: databaseSchema, orchestration: databaseSchema, ephemeral: databaseSchema }),
});

/** A page of a model's tables (see shared/schema/model-page.ts): at most 2,000 tables a message. */
export const modelPageRequestSchema = z
  .object({ offset: z.number().int().nonnegative(), limit: z.number().int().min(1).max(2000) })
  .strict();
