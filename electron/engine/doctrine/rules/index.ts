import type { DoctrineRule } from '../types';
import { auditTimestamps } from './audit-timestamps';
import { bigintIds } from './bigint-ids';
import { idempotentMigration } from './idempotent-migration';
import { innodbUtf8mb4 } from './innodb-utf8mb4';
import { noCascadingDeletes } from './no-cascading-deletes';
import { noEvents } from './no-events';
import { noForeignKeys } from './no-foreign-keys';
import { noRoutines } from './no-routines';
import { noTriggers } from './no-triggers';
import { primaryKeyNamedAfterTable } from './primary-key-named-after-table';
import { softDelete } from './soft-delete';
import { tableBudget } from './table-budget';
import { ymdhisTimestamps } from './ymdhis-timestamps';
import { implicitIndexPrefix } from './implicit-index-prefix';
import { notModelled } from './not-modelled';

/** Every doctrine rule, in report order. Adding a rule = one file + one line here. */
export const doctrineRules: readonly DoctrineRule<object>[] = [
  noForeignKeys,
  noTriggers,
  noRoutines,
  noEvents,
  noCascadingDeletes,
  bigintIds,
  primaryKeyNamedAfterTable,
  ymdhisTimestamps,
  softDelete,
  auditTimestamps,
  innodbUtf8mb4,
  tableBudget,
  idempotentMigration,
  implicitIndexPrefix,
  notModelled,
] as readonly DoctrineRule<object>[];
