import type { Dialect, Flavor } from './dialect';
import { mariadbDialect } from './mariadb/normalize';
import { mysqlDialect } from './mysql/normalize';

export type { Dialect, Flavor, DefaultContext } from './dialect';

/** The dialect of a server family (from `flavorOf(SELECT VERSION())`). */
export function dialectFor(flavor: Flavor): Dialect {
  return flavor === 'mariadb' ? mariadbDialect : mysqlDialect;
}
