/** What the SQL readers report: shared by analysis.ts and ddl.ts (kept apart so neither imports the other's module). */
import type { SqlDialect } from './tokens';

export type { SqlDialect };

export type SqlAction = 'drop-database' | 'drop-table' | 'drop-object' | 'truncate' | 'delete-all' | 'update-all' | 'alter-drop';
export type SqlSeverity = 'medium' | 'high' | 'critical';

export interface SqlFinding {
	readonly action: SqlAction;
	readonly severity: SqlSeverity;
	/** What a person must type: names as written (identifier quotes removed), primary first. */
	readonly targets: readonly string[];
	/** What the statement destroys, as a sentence fragment: `drops the table users`. */
	readonly what: string;
	/** Who judged the WHERE clause: node-sql-parser, or the token fallback. */
	readonly via: 'parser' | 'tokens';
}

