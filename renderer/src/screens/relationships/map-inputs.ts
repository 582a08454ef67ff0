import { clusterTables, type ClusterMode, type TableCluster } from '../../../../shared/relationships/clusters';
import { inferRelationships, type Relationship } from '../../../../shared/relationships/infer-relationships';
import { DATABASE_ROLES, type DatabaseRole, type SchemaModel } from '../../../../shared/schema/model';
import type { SlicedWork } from '../../lib/sliced-work';

/** One table as inference needs it: role, name, primary key columns, the `*_id` column names. */
export type CompactTable = readonly [
  role: DatabaseRole,
  name: string,
  primaryKey: readonly string[],
  idColumns: readonly string[],
];

/** What the map derives from the model: relationships, and the clusters of the chosen tables. */
export interface MapInputs {
  readonly relationships: readonly Relationship[];
  /** Absent when tables are not grouped. */
  readonly clusters?: readonly TableCluster[];
}

/**
 * A request to the worker: the model's tables (CompactTable[] as JSON text: one string is
 * cloned in one copy, tens of thousands of small arrays one by one), which roles are drawn
 * and how they are grouped.
 */
export interface MapInputsRequest {
  readonly tablesJson: string;
  readonly roles: readonly DatabaseRole[];
  readonly grouping?: ClusterMode;
}

/** A column inference may start an edge from (inferRelationships skips every other one). */
const ID_COLUMN = /_id$/i;

/**
 * The model reduced to what inference reads, as JSON text of CompactTable[]: only `*_id`
 * columns start edges, so the others are left out (at 10,000 tables the whole model was a
 * message of several MB to clone). Sliced work (see sliced-work.ts), pausing after each table.
 */
export function* compactTablesJson(model: SchemaModel): SlicedWork<string> {
  const tables: string[] = [];
  for (const role of DATABASE_ROLES) {
    for (const table of model.databases[role].tables) {
      const compact: CompactTable = [
        role,
        table.name,
        table.primaryKey?.columns ?? [],
        table.columns.map((column) => column.name).filter((name) => ID_COLUMN.test(name)),
      ];
      tables.push(JSON.stringify(compact));
      yield;
    }
  }
  return `[${tables.join(',')}]`;
}

/** Infers relationships and clusters the chosen roles' tables (in the worker, or in the page as a fallback). */
export function deriveMapInputs(request: MapInputsRequest): MapInputs {
  // The page's own text (compactTablesJson), not outside input.
  const tables = JSON.parse(request.tablesJson) as CompactTable[];
  const databases = Object.fromEntries(DATABASE_ROLES.map((role) => [role, { tables: [] as unknown[] }]));
  for (const [role, name, primaryKey, idColumns] of tables) {
    databases[role]!.tables.push({
      name,
      columns: idColumns.map((column) => ({ name: column })),
      ...(primaryKey.length > 0 ? { primaryKey: { columns: primaryKey } } : {}),
    });
  }
  // Inference reads only names, columns' names and the primary key.
  const relationships = inferRelationships({ databases } as unknown as SchemaModel);
  if (!request.grouping) return { relationships };
  const wanted = new Set(request.roles);
  const keys = tables.filter(([role]) => wanted.has(role)).map(([role, name]) => `${role}.${name}`);
  return { relationships, clusters: clusterTables(keys, relationships, request.grouping) };
}

let worker: Worker | undefined;
let workerBroken = false;
let nextId = 1;
const pending = new Map<number, { resolve(inputs: MapInputs): void; reject(error: Error): void }>();

/**
 * {@link deriveMapInputs} in a web worker: at 10,000 tables inference and clustering take
 * most of a second, which must not block the page. Falls back to the page where workers
 * cannot start.
 */
export async function mapInputs(request: MapInputsRequest): Promise<MapInputs> {
  if (!workerBroken && typeof Worker !== 'undefined') {
    try {
      if (!worker) {
        worker = new Worker(new URL('./relationships.worker.ts', import.meta.url), { type: 'module' });
        worker.onmessage = (event: MessageEvent<{ id: number; inputs?: MapInputs; error?: string }>) => {
          const request = pending.get(event.data.id);
          pending.delete(event.data.id);
          if (!request) return;
          if (event.data.inputs) request.resolve(event.data.inputs);
          else request.reject(new Error(event.data.error ?? 'the map could not be derived'));
        };
        worker.onerror = () => {
          workerBroken = true;
          worker = undefined;
          for (const request of pending.values()) request.reject(new Error('map worker failed'));
          pending.clear();
        };
      }
      const id = nextId++;
      const active = worker;
      return await new Promise<MapInputs>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        active.postMessage({ id, request });
      });
    } catch {
      workerBroken = true;
    }
  }
  return deriveMapInputs(request);
}
