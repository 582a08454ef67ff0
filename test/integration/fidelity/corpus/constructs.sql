-- Generated cases, one construct each (written for this suite; no licence constraints).
-- Capitalised ENUM/SET values, including a case-sensitive collation.
CREATE TABLE case_enums (
  id BIGINT NOT NULL AUTO_INCREMENT,
  result ENUM('PASS','FAIL','SKIP','ERROR') NOT NULL DEFAULT 'PASS',
  state ENUM('Open','Ongoing','Closed') DEFAULT NULL,
  grade ENUM('A','B','C','D') NOT NULL DEFAULT 'A',
  perms SET('Read','Write','Admin') NOT NULL DEFAULT 'Read,Write',
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE case_enums_bin (
  id BIGINT NOT NULL,
  yn ENUM('Y','N') NOT NULL DEFAULT 'N',
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- Full-column indexes longer than InnoDB's 3072-byte key limit.
CREATE TABLE long_index (
  id BIGINT NOT NULL,
  source_url VARCHAR(2000) NOT NULL,
  canonical_url VARCHAR(1000) DEFAULT NULL,
  latin_text VARCHAR(3100) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL,
  explicit_prefix VARCHAR(2000) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY idx_url (source_url),
  UNIQUE KEY uniq_canonical (canonical_url),
  KEY idx_latin (latin_text),
  KEY idx_explicit (explicit_prefix(100))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- Every kind of partitioning.
CREATE TABLE part_range (
  id BIGINT NOT NULL,
  created DATE NOT NULL,
  PRIMARY KEY (id, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY RANGE (YEAR(created)) (PARTITION p2019 VALUES LESS THAN (2020), PARTITION pmax VALUES LESS THAN MAXVALUE);
CREATE TABLE part_range_columns (
  id BIGINT NOT NULL,
  created DATE NOT NULL,
  PRIMARY KEY (id, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY RANGE COLUMNS(created) (PARTITION p0 VALUES LESS THAN ('2020-01-01'), PARTITION p1 VALUES LESS THAN (MAXVALUE));
CREATE TABLE part_list (
  id BIGINT NOT NULL,
  region INT NOT NULL,
  PRIMARY KEY (id, region)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY LIST (region) (PARTITION north VALUES IN (1,2), PARTITION south VALUES IN (3,4));
CREATE TABLE part_list_columns (
  id BIGINT NOT NULL,
  country CHAR(2) NOT NULL,
  PRIMARY KEY (id, country)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY LIST COLUMNS(country) (PARTITION eu VALUES IN ('FR','DE'), PARTITION us VALUES IN ('US'));
CREATE TABLE part_hash (
  id BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY HASH (id) PARTITIONS 4;
CREATE TABLE part_linear_hash (
  id BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY LINEAR HASH (id) PARTITIONS 3;
CREATE TABLE part_key (
  id BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY KEY (id) PARTITIONS 2;
CREATE TABLE part_sub (
  id BIGINT NOT NULL,
  created DATE NOT NULL,
  PRIMARY KEY (id, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY RANGE (YEAR(created)) SUBPARTITION BY HASH (id) SUBPARTITIONS 2
(PARTITION p0 VALUES LESS THAN (2020), PARTITION p1 VALUES LESS THAN MAXVALUE);
-- CHECK constraints: table-level (named) and MariaDB column-level.
CREATE TABLE checks (
  id BIGINT NOT NULL,
  qty INT NOT NULL CHECK (qty >= 0),
  code VARCHAR(10) NOT NULL,
  low INT NOT NULL,
  high INT NOT NULL,
  doc JSON DEFAULT NULL,
  PRIMARY KEY (id),
  CONSTRAINT chk_code CHECK (code IN ('x','Y')),
  CONSTRAINT chk_range CHECK (low <= high AND high < 1000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- Row formats, index order, USING HASH, comments.
CREATE TABLE row_formats (
  id BIGINT NOT NULL,
  b INT NOT NULL,
  a INT NOT NULL,
  PRIMARY KEY (id),
  KEY zz_first (b),
  KEY aa_second (a, b) COMMENT 'second index'
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=COMPACT;
CREATE TABLE row_format_dynamic (
  id BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC;
-- INVISIBLE columns (MariaDB 10.3+, MySQL 8.0.23+).
CREATE TABLE invisible_columns (
  id BIGINT NOT NULL,
  secret INT INVISIBLE DEFAULT NULL,
  note VARCHAR(10) NOT NULL DEFAULT '' INVISIBLE,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- Modelled table options (table_options in definitions).
CREATE TABLE table_options (
  id BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  CHECKSUM=1 DELAY_KEY_WRITE=1 STATS_PERSISTENT=0 PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=5;
-- IGNORED indexes (MariaDB 10.6+; MySQL 8 spells them INVISIBLE).
CREATE TABLE ignored_indexes (
  id BIGINT NOT NULL,
  a INT NOT NULL,
  b INT NOT NULL,
  PRIMARY KEY (id),
  KEY ia (a) IGNORED,
  KEY ib (b, a) COMMENT 'kept up to date, unused' IGNORED,
  KEY ic (b)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- Spatial columns with an SRID (MariaDB REF_SYSTEM_ID=n; MySQL 8 spells it SRID n).
CREATE TABLE spatial_srid (
  id BIGINT NOT NULL,
  location POINT REF_SYSTEM_ID=4326 NOT NULL,
  area POLYGON REF_SYSTEM_ID=3857 DEFAULT NULL,
  shape GEOMETRY DEFAULT NULL,
  PRIMARY KEY (id),
  SPATIAL KEY sp_location (location)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- MEMORY: indexes are HASH unless declared USING BTREE, so a B-tree index must keep its words.
CREATE TABLE mem_kinds (
  id INT NOT NULL,
  a INT DEFAULT NULL,
  b INT DEFAULT NULL,
  c VARCHAR(20) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY idx_hash (a),
  KEY idx_btree (b) USING BTREE,
  UNIQUE KEY uniq_c (c) USING HASH
) ENGINE=MEMORY DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
