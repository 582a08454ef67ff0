import { DATABASE_ROLES, type SchemaModel } from './model';

/** A window on a model's tables, counted across the roles in role order. */
export interface ModelPageRequest {
  readonly offset: number;
  readonly limit: number;
}

/** Tables of every role, in role order. */
export function tableCount(model: SchemaModel): number {
  return DATABASE_ROLES.reduce((sum, role) => sum + model.databases[role].tables.length, 0);
}

/**
 * The model with only the tables in [offset, offset + limit) (counted across roles in role
 * order); everything else of each database (name, views, forbidden objects) comes with
 * every page. Lets a 10,000-table model cross to the renderer in pages small enough to
 * read and validate without blocking the page.
 */
export function modelPage(model: SchemaModel, page: ModelPageRequest): SchemaModel {
  let start = 0;
  const databases = Object.fromEntries(
    DATABASE_ROLES.map((role) => {
      const database = model.databases[role];
      const from = Math.max(0, page.offset - start);
      const to = Math.max(0, page.offset + page.limit - start);
      start += database.tables.length;
      return [role, { ...database, tables: database.tables.slice(from, to) }];
    }),
  ) as unknown as SchemaModel['databases'];
  return { databases };
}

/** The pages of one model put back together (the first page's database details, every page's tables). */
export function joinModelPages(pages: readonly SchemaModel[]): SchemaModel | undefined {
  const first = pages[0];
  if (!first) return undefined;
  const databases = Object.fromEntries(
    DATABASE_ROLES.map((role) => [
      role,
      { ...first.databases[role], tables: pages.flatMap((page) => page.databases[role].tables) },
    ]),
  ) as unknown as SchemaModel['databases'];
  return { databases };
}
