/** SQL file reading: statement splitting (batch and streaming) and install/dump SQL into the model. */
export { splitStatements, statementStream, StatementSplitter, type SqlStatement } from './statement-splitter';
export { readSqlFile, type SqlFileResult } from './read-sql-file';
export { locatedSqlError, splitSqlFile } from './located-error';
