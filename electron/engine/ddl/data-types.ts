/**
 * The column types MySQL 8 and MariaDB 10.11 accept in a definition, by the shape of
 * their arguments. Synonyms normalise to the name the server stores (`integer` → `int`,
 * `numeric` → `decimal`, `bool` → `tinyint(1)`), so definitions compare equal to
 * introspected tables.
 */
export type TypeShape =
  | 'integer' // (display width) unsigned zerofill
  | 'decimal' // (precision[,scale]) unsigned zerofill
  | 'float' // [(precision[,scale])] unsigned zerofill
  | 'bit' // (length)
  | 'string' // (length) charset collate — char/varchar
  | 'binary' // (length) — binary/varbinary
  | 'text' // [(length)] charset collate
  | 'blob' // [(length)]
  | 'enum' // ('a','b') charset collate
  | 'temporal' // [(fsp)] — time/datetime/timestamp
  | 'plain'; // no arguments: date, json, geometry types, uuid, inet…

/** Shape of each known base type (lower-case, after synonym normalisation). */
export const TYPE_SHAPES: Readonly<Record<string, TypeShape>> = {
  tinyint: 'integer',
  smallint: 'integer',
  mediumint: 'integer',
  int: 'integer',
  bigint: 'integer',
  decimal: 'decimal',
  float: 'float',
  double: 'float',
  bit: 'bit',
  char: 'string',
  varchar: 'string',
  binary: 'binary',
  varbinary: 'binary',
  tinytext: 'text',
  text: 'text',
  mediumtext: 'text',
  longtext: 'text',
  tinyblob: 'blob',
  blob: 'blob',
  mediumblob: 'blob',
  longblob: 'blob',
  enum: 'enum',
  set: 'enum',
  date: 'plain',
  time: 'temporal',
  datetime: 'temporal',
  timestamp: 'temporal',
  year: 'integer',
  json: 'plain',
  geometry: 'plain',
  point: 'plain',
  linestring: 'plain',
  polygon: 'plain',
  multipoint: 'plain',
  multilinestring: 'plain',
  multipolygon: 'plain',
  geometrycollection: 'plain',
  uuid: 'plain',
  inet4: 'plain',
  inet6: 'plain',
};

/** Synonyms → stored base type. */
export const TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  integer: 'int',
  int1: 'tinyint',
  int2: 'smallint',
  int3: 'mediumint',
  int4: 'int',
  int8: 'bigint',
  middleint: 'mediumint',
  numeric: 'decimal',
  dec: 'decimal',
  fixed: 'decimal',
  real: 'double',
  float4: 'float',
  float8: 'double',
  geomcollection: 'geometrycollection',
  nchar: 'char',
  nvarchar: 'varchar',
};

/** Whether a type holds characters (so charset/collation apply). */
export function isCharacterType(type: string): boolean {
  const shape = TYPE_SHAPES[type];
  return shape === 'string' || shape === 'text' || shape === 'enum';
}

/** information_schema DATA_TYPE of geometry columns (MySQL says `geomcollection`, MariaDB `geometrycollection`). */
export const GEOMETRY_DATA_TYPES: ReadonlySet<string> = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
  'geomcollection',
]);
