/**
 * Migration and schema tools for the orm pack: knex, sequelize, typeorm, drizzle-kit, mikro-orm, payload,
 * Rust's diesel/sqlx/sea-orm, atlas/sqitch/hasura, supabase, Ecto, Alembic, Entity Framework, goose,
 * golang-migrate, dbmate, Flyway, Liquibase; and the helpers the pack's other rules share.
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../shell/argv';
import type { Invocation, Severity, Word } from '../types';
import type { Match, Rule } from './rule';

export const PRODUCTION = /^(?:prod|production|live|prd)$/i;

export function words(list: readonly Word[]): string[] {
	return list.map((w) => w.text);
}

/** Package managers that run a project binary directly: `yarn prisma …`, `pnpm knex …`, `cargo sqlx …`. */
export const RUNNERS = ['yarn', 'pnpm', 'bun', 'cargo'];

/** The tool's own arguments, whether it is run directly or through `yarn`/`pnpm`/`bun`. */
export function toolArgs(inv: Invocation, tools: readonly string[]): readonly Word[] | undefined {
	if (tools.includes(inv.name)) {
		return inv.argv.slice(1);
	}
	const at = inv.argv[1]?.text === 'run' ? 2 : 1;
	return RUNNERS.includes(inv.name) && tools.includes(inv.argv[at]?.text ?? '') ? inv.argv.slice(at + 1) : undefined;
}

export function raise(severity: Severity): Severity {
	return severity === 'medium' ? 'high' : 'critical';
}

export interface Task {
	readonly severity: Severity;
	readonly reason: string;
	/** What to type when it is not the task's name (`hasura migrate apply --down all` → `all`). */
	readonly target?: string;
}

/** A match for `task`, raised when the command names production itself. */
export function taskMatch(target: string, task: Task, production: string | undefined, extra = ''): Match {
	const severity = production ? raise(task.severity) : task.severity;
	return { targets: [task.target ?? target], severity, reason: `${task.reason}${production ? ` The command targets ${production}.` : ''}${extra}` };
}

const TOOL_VALUES = ['--env', '--knexfile', '--cwd', '--config', '-c', '-d', '--dataSource', '--url', '-u', '--migrations-path', '--seeders-path', '--models-path', '--options-path', '--to', '-t', '--name', '--database-url', '--database', '--database-name', '--endpoint', '--admin-secret', '--down', '--source', '--migration-dir', '--dir', '--target', '--plan-file', '--schema', '-s'];

/**
 * Tools whose destructive subcommands are listed: knex, sequelize, typeorm, drizzle-kit, mikro-orm,
 * payload, sea-orm-cli, diesel, sqlx, atlas, sqitch, hasura. Subcommands may be two words (`database reset`);
 * the target is the subcommand as typed (its last word).
 */
function subcommandRule(id: string, commands: string[], reason: string, alternative: string, tasks: Record<string, (parsed: ParsedArgs) => Task | undefined>): Rule {
	return {
		id, severity: 'high', commands: [...commands, ...RUNNERS], reason, alternative,
		match(inv) {
			const args = toolArgs(inv, commands);
			if (!args) {
				return undefined;
			}
			const parsed = parseArgs(args, { withValue: TOOL_VALUES });
			if (hasOption(parsed, '--help', '-h')) {
				return undefined;
			}
			const words = parsed.positionals.map((w) => w.text);
			const at = words.findIndex((w, i) => tasks[`${w} ${words[i + 1]}`] !== undefined || tasks[w] !== undefined);
			if (at < 0) {
				return undefined;
			}
			const two = tasks[`${words[at]} ${words[at + 1]}`] !== undefined;
			const task = tasks[two ? `${words[at]} ${words[at + 1]}` : words[at]](parsed);
			if (!task) {
				return undefined;
			}
			const env = optionValue(parsed, '--env');
			return taskMatch(two ? words[at + 1] : words[at], task, env && PRODUCTION.test(env) ? `--env ${env}` : undefined);
		},
	};
}

export const ROLLBACK: Task = { severity: 'medium', reason: 'Runs down-migrations, which may drop tables or columns and their data.' };
export const ROLLBACK_ALL: Task = { severity: 'high', reason: 'Runs every down-migration, dropping the tables the migrations created and all their data.' };

const knexRule = subcommandRule('orm:knex', ['knex'], 'Knex rolls back migrations.', 'Roll back one batch at a time after a backup.', {
	'migrate:rollback': (p) => (hasOption(p, '--all') ? ROLLBACK_ALL : ROLLBACK),
	'migrate:down': () => ROLLBACK,
});

const sequelizeRule = subcommandRule('orm:sequelize', ['sequelize', 'sequelize-cli'], 'Sequelize drops the database or undoes migrations.', 'Back the database up first; undo one migration at a time.', {
	'db:drop': () => ({ severity: 'high', reason: 'Drops the database and all its data.' }),
	'db:migrate:undo:all': () => ROLLBACK_ALL,
	'db:migrate:undo': () => ROLLBACK,
	'db:seed:undo:all': () => ({ severity: 'medium', reason: 'Deletes the rows every seeder inserted.' }),
});

const typeormRule = subcommandRule('orm:typeorm', ['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'], 'TypeORM drops the schema or reverts migrations.', 'Back the database up first; generate a migration and review it instead of syncing.', {
	'schema:drop': () => ({ severity: 'high', reason: 'Drops every table, view and sequence of the database.' }),
	'migration:revert': () => ROLLBACK,
	'schema:sync': () => ({ severity: 'medium', reason: 'Synchronises the database to the entities, dropping columns and tables they no longer have.' }),
});

const drizzleRule = subcommandRule('orm:drizzle', ['drizzle-kit'], 'drizzle-kit applies data-losing changes or deletes a migration.', 'Run `drizzle-kit generate` and review the SQL instead.', {
	push: (p) => (hasOption(p, '--force') ? { severity: 'high', reason: 'Pushes the schema and auto-approves statements that drop tables, columns or data (--force).' } : undefined),
	drop: () => ({ severity: 'medium', reason: 'Deletes a generated migration from the migrations folder.' }),
});

export const FRESH: Task = { severity: 'high', reason: 'Drops every table and re-runs all migrations: all data is lost.' };
export const DROP_ALL: Task = { severity: 'high', reason: 'Drops the database (or every table in it) and all its data.' };

const mikroRule = subcommandRule('orm:mikro-orm', ['mikro-orm', 'mikro-orm-esm'], 'MikroORM drops the schema or re-creates it.', 'Run with --dump first to read the SQL.', {
	'schema:drop': (p) => (hasOption(p, '--run', '-r') ? DROP_ALL : undefined),
	'schema:fresh': (p) => (hasOption(p, '--run', '-r') ? FRESH : undefined),
	'migration:fresh': () => FRESH,
	'migration:down': () => ROLLBACK,
});

const payloadRule = subcommandRule('orm:payload', ['payload'], 'Payload CMS resets the database.', 'Back the database up first.', {
	'migrate:fresh': () => FRESH,
	'migrate:reset': () => ROLLBACK_ALL,
	'migrate:refresh': () => FRESH,
	'migrate:down': () => ROLLBACK,
});

const rustRule = subcommandRule('orm:rust-tools', ['diesel', 'sqlx', 'sea-orm-cli', 'sea'], 'A Rust database tool drops or resets the database.', 'Back the database up first; revert one migration at a time.', {
	'database reset': () => ({ severity: 'high', reason: 'Drops the database, recreates it and re-runs every migration: all data is lost.' }),
	'database drop': () => DROP_ALL,
	'migration revert': (p) => (hasOption(p, '--all') ? ROLLBACK_ALL : ROLLBACK),
	'migrate revert': () => ROLLBACK,
	'migrate fresh': () => FRESH,
	'migrate refresh': () => FRESH,
	'migrate reset': () => ROLLBACK_ALL,
	'migrate down': () => ROLLBACK,
});

const schemaCliRule = subcommandRule('orm:schema-cli', ['atlas', 'sqitch', 'hasura'], 'A schema tool that drops every object or reverts every change.', 'Back the database up first; plan or revert one step at a time.', {
	'schema clean': () => ({ severity: 'high', reason: 'Drops every object in the schema or database (atlas schema clean).' }),
	'migrate down': () => ROLLBACK,
	// `sqitch revert [target] [change]`: without `--to` or a change (`@HEAD^`, `widgets`) every change is reverted.
	revert: (p) => {
		const rest = p.positionals.slice(1).map((w) => w.text).filter((w) => !/^db:/.test(w));
		return optionValue(p, '--to', '-t') || rest.length > 1 || /^@|[\^~]/.test(rest[0] ?? '') ? ROLLBACK : { severity: 'high', reason: 'Reverts every deployed change, dropping what they created.' };
	},
	'migrate apply': (p) => (optionValue(p, '--down') === 'all' ? { ...ROLLBACK_ALL, target: 'all' } : optionValue(p, '--down') ? ROLLBACK : undefined),
});

const supabaseRule: Rule = {
	id: 'orm:supabase-reset',
	severity: 'high',
	commands: ['supabase', ...RUNNERS],
	reason: 'Resets a Supabase database: drops it and recreates it from the migrations.',
	alternative: 'Dump it first (supabase db dump --data-only -f backup.sql).',
	match(inv) {
		const args = toolArgs(inv, ['supabase']);
		if (!args) {
			return undefined;
		}
		const parsed = parseArgs(args, { withValue: ['--db-url', '--workdir', '--version', '--project-ref', '-p', '--password'] });
		const [group, command] = words(parsed.positionals);
		if (group !== 'db' || command !== 'reset' || hasOption(parsed, '--help', '-h')) {
			return undefined;
		}
		const url = optionValue(parsed, '--db-url');
		if (hasOption(parsed, '--linked') || url) {
			return { targets: ['reset'], severity: 'critical', reason: `Resets the ${url ? 'database at ' + url.replace(/:[^:@/]*@/, ':***@') : 'linked remote project\'s database'}: every table is dropped and rebuilt from the migrations.` };
		}
		return { targets: ['reset'], reason: 'Resets the local Supabase database: every table is dropped and rebuilt from the migrations and seed.' };
	},
};

const ectoRule: Rule = {
	id: 'orm:ecto',
	severity: 'high',
	commands: ['mix'],
	reason: 'An Ecto task that drops the database or rolls back migrations.',
	alternative: 'Back the database up first and check MIX_ENV.',
	match(inv) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-r', '--repo', '-n', '--step', '--to', '--migrations-path'] });
		const task = parsed.positionals.find((w) => /^ecto\.(?:drop|reset|rollback)$/.test(w.text))?.text;
		if (!task || hasOption(parsed, '--help')) {
			return undefined;
		}
		if (task === 'ecto.rollback') {
			return hasOption(parsed, '--all') ? { targets: [task], reason: ROLLBACK_ALL.reason } : { targets: [task], severity: 'medium', reason: ROLLBACK.reason };
		}
		return { targets: [task], reason: task === 'ecto.drop' ? 'Drops the repository\'s database and all its data.' : 'Drops the database and recreates it: every row is lost.' };
	},
};

const alembicRule: Rule = {
	id: 'orm:alembic',
	severity: 'high',
	commands: ['alembic', 'flask'],
	reason: 'Alembic downgrades migrations, dropping what they created.',
	alternative: 'Downgrade one revision at a time after a backup (alembic downgrade -1 --sql to preview).',
	match(inv) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-c', '--config', '-n', '--name', '-x', '--app', '-A', '-d', '--directory', '--tag'] });
		const list = words(parsed.positionals);
		const at = list.indexOf('downgrade');
		if (at < 0 || (inv.name === 'flask' && list[0] !== 'db') || hasOption(parsed, '--sql', '--help', '-h')) {
			return undefined;
		}
		const revision = list[at + 1] ?? '-1';
		// A relative revision (`-1`) names no revision: the verb does.
		const target = /^-\d+$/.test(revision) ? 'downgrade' : revision;
		return revision === 'base'
			? { targets: ['base'], reason: 'Runs every down-migration back to an empty schema: the tables they created and their data are lost.' }
			: { targets: [target], severity: 'medium', reason: `Downgrades to ${revision}: its down-migrations may drop tables or columns and their data.` };
	},
};

const dotnetRule: Rule = {
	id: 'orm:dotnet-ef',
	severity: 'high',
	commands: ['dotnet', 'dotnet-ef'],
	reason: 'Entity Framework drops the database or reverts every migration.',
	alternative: 'Back the database up first; script the change with `dotnet ef migrations script` and review it.',
	match(inv) {
		const args = inv.name === 'dotnet' ? (inv.argv[1]?.text === 'ef' ? inv.argv.slice(2) : undefined) : inv.argv.slice(1);
		if (!args) {
			return undefined;
		}
		const parsed = parseArgs(args, { withValue: ['-p', '--project', '-s', '--startup-project', '-c', '--context', '--configuration', '--framework', '--runtime', '--connection', '--msbuildprojectextensionspath'] });
		const [group, command, arg] = words(parsed.positionals);
		if (group !== 'database' || hasOption(parsed, '--help', '-h', '--dry-run')) {
			return undefined;
		}
		if (command === 'drop') {
			return { targets: ['drop'], reason: `Drops the database${hasOption(parsed, '-f', '--force') ? ' without asking (--force)' : ''} and all its data.` };
		}
		return command === 'update' && arg === '0' ? { targets: ['database'], reason: 'Reverts every migration (update 0): the tables they created and their data are lost.' } : undefined;
	},
};

const goRule: Rule = {
	id: 'orm:migrate-tools',
	severity: 'high',
	commands: ['goose', 'migrate', 'dbmate'],
	reason: 'A migration tool that drops the database or rolls back every migration.',
	alternative: 'Back the database up first; roll back one step at a time.',
	match(inv) {
		// Go's flag package: `-path x` is one long option, same as `--path x`.
		const args = inv.argv.slice(1).map((w) => (/^-[a-z][\w-]+/.test(w.text) && inv.name !== 'dbmate' ? { ...w, text: '-' + w.text } : w));
		const parsed = parseArgs(args, { withValue: ['--dir', '--table', '--path', '--source', '--database', '--url', '-u', '--env', '-e', '--migrations-dir', '-d', '--schema-file', '-s', '--certfile', '--ssl-cert', '--ssl-key', '--lock-timeout', '--timeout', '--prefetch'] });
		const list = words(parsed.positionals);
		if (hasOption(parsed, '--help', '-h')) {
			return undefined;
		}
		const db = optionValue(parsed, '--database', '--url', '-u');
		const on = db ? ` on ${db.replace(/:[^:@/]*@/, ':***@')}` : '';
		if (inv.name === 'goose') {
			const at = list.findIndex((w) => w === 'reset' || w === 'down-to' || w === 'down');
			if (at < 0) {
				return undefined;
			}
			if (list[at] === 'reset' || (list[at] === 'down-to' && list[at + 1] === '0')) {
				return { targets: [list[at]], reason: `Rolls back every migration${on}: the tables they created and their data are lost.` };
			}
			return { targets: [list[at]], severity: 'medium', reason: `${ROLLBACK.reason.replace(/\.$/, '')}${on}.` };
		}
		const at = list.findIndex((w) => w === 'drop' || w === 'down' || w === 'rollback');
		if (at < 0) {
			return undefined;
		}
		if (list[at] === 'drop') {
			return { targets: ['drop'], reason: `Drops ${inv.name === 'dbmate' ? 'the database' : 'everything in the database'}${on}.` };
		}
		// golang-migrate `down` without a count runs every down-migration.
		const all = inv.name === 'migrate' && !/^\d+$/.test(list[at + 1] ?? '');
		return all ? { targets: ['down'], reason: `Runs every down-migration${on}: the tables they created and their data are lost.` } : { targets: [list[at]], severity: 'medium', reason: `${ROLLBACK.reason.replace(/\.$/, '')}${on}.` };
	},
};

const schemaToolRule: Rule = {
	id: 'orm:schema-tools',
	severity: 'high',
	commands: ['flyway', 'liquibase'],
	reason: 'Flyway clean / Liquibase dropAll: drops every object in the configured schemas.',
	alternative: 'Back the database up first, and check the URL it is configured for.',
	match(inv) {
		const command = inv.argv.slice(1).find((w) => !w.text.startsWith('-'))?.text;
		const url = inv.argv.find((w) => /^--?url=/i.test(w.text))?.text.replace(/^--?url=/i, '');
		const on = url ? ` on ${url.replace(/:[^:@/]*@/, ':***@')}` : '';
		if (inv.name === 'flyway' && command === 'clean') {
			return { targets: ['clean'], reason: `Drops every table, view and procedure in the configured schemas${on}.` };
		}
		if (inv.name === 'liquibase' && (command === 'dropAll' || command === 'drop-all')) {
			return { targets: [command], reason: `Drops every database object in the configured schema${on}.` };
		}
		if (inv.name === 'liquibase' && /^rollback(?:-?count|Count|-to-date|ToDate)?$/.test(command ?? '')) {
			return { targets: [command!], severity: 'medium', reason: `Rolls back changesets${on}, which may drop tables or columns and their data.` };
		}
		return undefined;
	},
};

/** In the order the pack lists them. */
export const migrationToolRules: readonly Rule[] = [
	knexRule, sequelizeRule, typeormRule, drizzleRule, mikroRule, payloadRule, supabaseRule, ectoRule, alembicRule, dotnetRule, goRule, rustRule,
	schemaCliRule, schemaToolRule,
];
