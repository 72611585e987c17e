/**
 * ORM and migration tools that reset or drop databases: `prisma migrate reset`, `rails db:drop`,
 * `manage.py flush`, `artisan migrate:fresh`, `mix ecto.reset`, `alembic downgrade base`,
 * `flyway clean`, … and one-liners that delete every row through an ORM (`User.delete_all`).
 * The migration-tool rules live in orm-tools.ts.
 *
 * Targets are the task as typed (`db:drop`, `migrate:fresh`, `reset`, `clean`), or the app or model
 * named (`migrate billing zero` → `billing`, `User.delete_all` → `User`). Production named in the
 * arguments (`rake db:drop RAILS_ENV=production`, `--env=production`) raises the severity here;
 * production in the environment (`RAILS_ENV=production rails db:drop`) is raised by the policy.
 */
import { hasOption, optionValue, parseArgs, shortOption, type ParsedArgs } from '../shell/argv';
import { analyzeSql } from '../sql/analysis';
import { scriptInvocations } from '../shell/scripts';
import type { Invocation, Word } from '../types';
import type { MatchResult, Rule, RulePack } from './rule';
import { DROP_ALL, FRESH, migrationToolRules, PRODUCTION, ROLLBACK, ROLLBACK_ALL, RUNNERS, taskMatch, toolArgs, words, type Task } from './orm-tools';

/** `KEY=value` words in argv (rake, make) and inline assignments. */
function argEnv(inv: Invocation, name: string): string | undefined {
	const word = inv.argv.find((w) => w.text.startsWith(name + '='));
	return word ? word.text.slice(name.length + 1) : inv.env[name];
}

function isListing(parsed: ParsedArgs): boolean {
	return hasOption(parsed, '--help', '-h', '-T', '--tasks', '-D', '--describe', '-W', '--where', '-P', '--prereqs', '-n', '--dry-run', '--dry_run', '--pretend', '--version');
}

// ---- Rails ----------------------------------------------------------------------------------------------

const RAILS_TASKS: readonly [RegExp, Task][] = [
	[/^db:drop:all$/, { severity: 'high', reason: 'Drops every database in config/database.yml.' }],
	[/^db:(?:drop|purge)(?::\w+)?$/, { severity: 'high', reason: 'Drops the database and all its data.' }],
	[/^db:purge:all$/, { severity: 'high', reason: 'Empties every database in config/database.yml.' }],
	[/^db:(?:reset|migrate:reset)(?::\w+)?$/, { severity: 'high', reason: 'Drops the database and recreates it: every row is lost.' }],
	[/^db:(?:schema|structure):load(?::\w+)?$/, { severity: 'high', reason: 'Loads the schema over the database, recreating every table empty.' }],
	[/^db:setup(?::\w+)?$/, { severity: 'high', reason: 'Loads the schema over the database (recreating every table empty) and seeds it.' }],
	[/^db:truncate_all$/, { severity: 'high', reason: 'Empties every table of the database.' }],
	[/^db:seed:replant$/, { severity: 'high', reason: 'Empties every table of the database, then seeds it.' }],
	[/^db:(?:rollback|migrate:down|migrate:redo)(?::\w+)?$/, { severity: 'medium', reason: 'Runs down-migrations, which may drop tables or columns and their data.' }],
	[/^db:fixtures:load$/, { severity: 'medium', reason: 'Replaces the rows of every fixture table with the fixtures.' }],
];

const railsRule: Rule = {
	id: 'orm:rails-db',
	severity: 'high',
	commands: ['rails', 'rake'],
	reason: 'A Rails database task that drops or empties the database.',
	alternative: 'Dump the database first (bin/rails db:schema:dump plus pg_dump/mysqldump), and check RAILS_ENV.',
	match(inv) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-e', '--environment', '-f', '--rakefile', '-C', '--directory', '-r', '--require', '-I', '--libdir', '-j', '--jobs'] });
		if (isListing(parsed)) {
			return undefined;
		}
		for (const word of parsed.positionals) {
			// `db:drop[primary]` passes an argument to the task.
			const task = word.text.replace(/\[.*\]$/, '');
			const found = RAILS_TASKS.find(([re]) => re.test(task));
			if (!found) {
				continue;
			}
			const env = argEnv(inv, 'RAILS_ENV') ?? argEnv(inv, 'RACK_ENV') ?? optionValue(parsed, '-e', '--environment');
			const production = env !== undefined && PRODUCTION.test(env) && !(inv.env.RAILS_ENV === env) ? `RAILS_ENV=${env}` : undefined;
			const check = argEnv(inv, 'DISABLE_DATABASE_ENVIRONMENT_CHECK');
			const extra = check && check !== '0' ? ' DISABLE_DATABASE_ENVIRONMENT_CHECK is set, which turns off Rails\' refusal to drop a production database.' : '';
			const match = taskMatch(word.text, found[1], production, extra);
			return extra ? { ...match, severity: 'critical' } : match;
		}
		return undefined;
	},
};

// ---- Django ----------------------------------------------------------------------------------------------

/** argv after the Django entry point: `python manage.py flush` → `flush …`; `django-admin flush` → `flush …`. */
function djangoArgs(inv: Invocation): readonly Word[] | undefined {
	if (inv.name === 'manage.py' || inv.name === 'django-admin' || inv.name === 'django-admin.py') {
		return inv.argv.slice(1);
	}
	const at = inv.argv.findIndex((w, i) => i > 0 && (/(?:^|\/)manage\.py$/.test(w.text) || (w.text === 'django' && shortOption(inv.argv[i - 1]?.text ?? '', 'm', 'cmWX') === null)));
	return at > 0 ? inv.argv.slice(at + 1) : undefined;
}

const djangoRule: Rule = {
	id: 'orm:django',
	severity: 'high',
	commands: ['python', 'python3', 'manage.py', 'django-admin', 'django-admin.py'],
	reason: 'A Django command that empties or drops the database.',
	alternative: 'Dump the data first (python manage.py dumpdata > backup.json) and check DJANGO_SETTINGS_MODULE.',
	match(inv) {
		const args = djangoArgs(inv);
		if (!args) {
			return undefined;
		}
		const parsed = parseArgs(args, { withValue: ['--database', '--settings', '--pythonpath', '-v', '--verbosity', '--router', '-U', '--user', '-O', '--owner'] });
		const [command, ...rest] = words(parsed.positionals);
		if (hasOption(parsed, '--help', '-h', '--plan', '--check') || !command) {
			return undefined;
		}
		const db = optionValue(parsed, '--database');
		const on = db ? ` (database "${db}")` : '';
		if (command === 'flush') {
			return { targets: ['flush'], reason: `Deletes every row of every table${on}; only the schema is kept.` };
		}
		if (command === 'reset_db') {
			return { targets: ['reset_db'], reason: `Drops and recreates the whole database${on}.` };
		}
		if (command === 'migrate' && rest[1] === 'zero') {
			return { targets: [rest[0]], reason: `Unapplies every migration of the app ${rest[0]}${on}, dropping its tables and their data.` };
		}
		return undefined;
	},
};

// ---- Node ORMs ---------------------------------------------------------------------------------------------

const prismaRule: Rule = {
	id: 'orm:prisma',
	severity: 'high',
	commands: ['prisma', ...RUNNERS],
	reason: 'Prisma resets the database or accepts losing data.',
	alternative: 'Use `prisma migrate dev --create-only` to review the SQL first, and back the database up.',
	match(inv) {
		const args = toolArgs(inv, ['prisma']);
		if (!args) {
			return undefined;
		}
		const parsed = parseArgs(args, { withValue: ['--schema', '--url', '--name', '-n'] });
		const [group, command] = words(parsed.positionals);
		if (hasOption(parsed, '--help', '-h')) {
			return undefined;
		}
		if (group === 'migrate' && command === 'reset') {
			return { targets: ['reset'], reason: 'Drops the database (or every table in it), recreates it and reapplies every migration: all data is lost.' };
		}
		if (group === 'db' && command === 'push') {
			// The database it pushes to is named in the schema or the environment, not here: `db` is
			// the word on the line that names it (an option is never a target).
			if (hasOption(parsed, '--force-reset')) {
				return { targets: ['db'], reason: 'Drops every table before pushing the schema (--force-reset): all data is lost.' };
			}
			if (hasOption(parsed, '--accept-data-loss')) {
				return { targets: ['db'], reason: 'Pushes a schema change that Prisma warned drops columns or tables, without asking (--accept-data-loss).' };
			}
		}
		return undefined;
	},
};

// ---- Other frameworks ---------------------------------------------------------------------------------------

const ARTISAN: Record<string, Task> = {
	'migrate:fresh': { severity: 'high', reason: 'Drops every table and re-runs all migrations: all data is lost.' },
	'migrate:reset': { severity: 'high', reason: 'Rolls back every migration, dropping the tables and their data.' },
	'migrate:refresh': { severity: 'high', reason: 'Rolls back every migration and re-runs them: all data is lost.' },
	'db:wipe': { severity: 'high', reason: 'Drops every table, view and type of the database.' },
	'migrate:rollback': ROLLBACK,
};

const artisanRule: Rule = {
	id: 'orm:artisan',
	severity: 'high',
	commands: ['php', 'artisan', 'sail'],
	reason: 'A Laravel Artisan command that drops or empties the database.',
	alternative: 'Back the database up first (php artisan db:dump or mysqldump) and check APP_ENV.',
	match(inv) {
		const at = inv.name === 'artisan' ? 0 : inv.argv.findIndex((w, i) => i > 0 && /(?:^|\/)artisan$|^art$/.test(w.text));
		if (at < 0 || (inv.name === 'sail' && at !== 1)) {
			return undefined;
		}
		const parsed = parseArgs(inv.argv.slice(at + 1), { withValue: ['--env', '--database', '--path', '--step', '--seeder'] });
		const command = parsed.positionals[0]?.text;
		const task = command ? ARTISAN[command] : undefined;
		if (!task || hasOption(parsed, '--help', '-h', '--pretend')) {
			return undefined;
		}
		const env = optionValue(parsed, '--env');
		const force = hasOption(parsed, '--force') ? ' --force skips the production prompt.' : '';
		return taskMatch(command!, task, env && PRODUCTION.test(env) ? `--env=${env}` : undefined, force);
	},
};

const DOCTRINE: Record<string, (parsed: ParsedArgs) => Task | undefined> = {
	'doctrine:database:drop': (p) => (hasOption(p, '--force', '-f') ? DROP_ALL : undefined),
	'doctrine:schema:drop': (p) => (hasOption(p, '--force', '-f') ? { severity: 'high', reason: 'Drops every table Doctrine maps, and their data.' } : undefined),
	'doctrine:fixtures:load': (p) => (hasOption(p, '--append') ? undefined : { severity: 'high', reason: 'Purges every table before loading the fixtures (no --append).' }),
	'doctrine:migrations:migrate': (p) => (p.positionals[1]?.text === 'first' ? { ...ROLLBACK_ALL, target: 'first' } : undefined),
	'doctrine:schema:update': (p) => (hasOption(p, '--force', '-f') ? { severity: 'medium', reason: 'Updates the schema to the mapping, dropping columns and tables it no longer has.' } : undefined),
};

/** Symfony's console: `php bin/console doctrine:database:drop --force`, `symfony console …`. */
const doctrineRule: Rule = {
	id: 'orm:doctrine',
	severity: 'high',
	commands: ['php', 'console', 'symfony'],
	reason: 'A Doctrine command that drops or purges the database.',
	alternative: 'Dump the database first, and run doctrine:schema:update with --dump-sql to read the changes.',
	match(inv) {
		const at = inv.name === 'console' ? 0 : inv.argv.findIndex((w, i) => i > 0 && (/(?:^|\/)console$/.test(w.text)));
		if (at < 0) {
			return undefined;
		}
		const parsed = parseArgs(inv.argv.slice(at + 1), { withValue: ['--env', '-e', '--em', '--connection', '--group', '--configuration'] });
		const command = parsed.positionals[0]?.text;
		const task = command && DOCTRINE[command] ? DOCTRINE[command](parsed) : undefined;
		if (!task || hasOption(parsed, '--dump-sql', '--dry-run', '--help')) {
			return undefined;
		}
		const env = optionValue(parsed, '--env', '-e');
		return taskMatch(command!, task, env && PRODUCTION.test(env) ? `--env=${env}` : undefined);
	},
};

const ADONIS: Record<string, Task> = { 'migration:fresh': FRESH, 'migration:reset': ROLLBACK_ALL, 'migration:refresh': FRESH, 'db:wipe': DROP_ALL, 'migration:rollback': ROLLBACK };

/** AdonisJS: `node ace migration:fresh`. */
const adonisRule: Rule = {
	id: 'orm:adonis',
	severity: 'high',
	commands: ['node'],
	reason: 'An AdonisJS Ace command that drops or resets the database.',
	alternative: 'Back the database up first; use migration:rollback --dry-run to read the SQL.',
	match(inv) {
		if (!/(?:^|\/)ace(?:\.js)?$/.test(inv.argv[1]?.text ?? '')) {
			return undefined;
		}
		const parsed = parseArgs(inv.argv.slice(2), { withValue: ['--connection', '-c', '--batch', '--step'] });
		const command = parsed.positionals[0]?.text;
		const task = command ? ADONIS[command] : undefined;
		if (!task || hasOption(parsed, '--dry-run', '--help')) {
			return undefined;
		}
		return { targets: [command!], severity: command === 'migration:rollback' && optionValue(parsed, '--batch') === '0' ? 'high' : task.severity, reason: task.reason };
	},
};

/** WP-CLI and Drush: the CMS tools that empty or drop a site's database. */
const cmsRule: Rule = {
	id: 'orm:cms-database',
	severity: 'high',
	commands: ['wp', 'drush', 'ddev', 'lando'],
	reason: 'A CMS command that drops or empties the site database.',
	alternative: 'Export it first (wp db export / drush sql:dump > backup.sql).',
	match(inv) {
		// `ddev drush …`, `lando wp …` run the tool in the project's container.
		const tool = inv.name === 'ddev' || inv.name === 'lando' ? inv.argv[1]?.text : inv.name;
		if (tool !== 'wp' && tool !== 'drush') {
			return undefined;
		}
		const parsed = parseArgs(inv.argv.slice(inv.name === tool ? 1 : 2), { withValue: ['--path', '--url', '--ssh', '--http', '--user', '--skin', '--require', '--exec', '--context', '-r', '--root', '-l', '--uri', '--database', '--target', '--dbprefix', '--db-url', '--account-name', '--account-pass', '--site-name'] });
		const words = parsed.positionals.map((w) => w.text);
		if (hasOption(parsed, '--help', '--simulate')) {
			return undefined;
		}
		const on = optionValue(parsed, '--url', '-l', '--uri', '--path', '-r', '--root');
		const where = on ? ` (${on})` : '';
		if (tool === 'wp') {
			if (words[0] === 'db' && (words[1] === 'reset' || words[1] === 'drop' || words[1] === 'clean')) {
				return { targets: [words[1]], reason: `${words[1] === 'clean' ? 'Drops every WordPress table (with the site prefix)' : words[1] === 'reset' ? 'Drops every table of the WordPress database' : 'Drops the WordPress database'}${where}.` };
			}
			if (words[0] === 'site' && words[1] === 'empty') {
				return { targets: ['empty'], reason: `Deletes every post, page, comment and term of the site${hasOption(parsed, '--uploads') ? ' and its uploads' : ''}${where}.` };
			}
			return undefined;
		}
		if (words[0] === 'sql:drop' || words[0] === 'sql-drop') {
			return { targets: [words[0]], reason: `Drops every table of the Drupal database${where}.` };
		}
		if (words[0] === 'site:install' || words[0] === 'site-install' || words[0] === 'si') {
			return { targets: [words[0]], reason: `Reinstalls Drupal, dropping every table of the existing site${where}.` };
		}
		return undefined;
	},
};

// ---- bulk deletes through an ORM --------------------------------------------------------------------------

/** Model-wide deletes: ActiveRecord `User.delete_all`, Django `User.objects.all().delete()`, SQLAlchemy `query(User).delete()`. */
const BULK = [
	/\b([A-Z]\w*)(?:\.(?:all|unscoped))?\.(?:delete_all|destroy_all)\b/,
	/\b([A-Z]\w*)\.objects(?:\.all\(\)|\.filter\(\))?\.delete\(\)/,
	/\.query\(\s*([A-Z]\w*)\s*\)\.delete\(/,
];

/** Ruby or Python code that a Rails or Django command runs: `rails runner CODE`, `manage.py shell -c CODE`, stdin. */
function ormCode(inv: Invocation): { code: string; language: 'ruby' | 'python' } | undefined {
	if (inv.name === 'rails') {
		const sub = inv.argv[1]?.text;
		if (sub === 'runner' || sub === 'r') {
			const code = parseArgs(inv.argv.slice(2), { withValue: ['-e', '--environment'] }).positionals[0];
			return code ? { code: code.text, language: 'ruby' } : undefined;
		}
		return (sub === 'console' || sub === 'c') && inv.stdinText !== undefined ? { code: inv.stdinText, language: 'ruby' } : undefined;
	}
	const args = djangoArgs(inv);
	if (args) {
		const parsed = parseArgs(args, { withValue: ['-c', '--command', '-i', '--interface', '--settings'] });
		if (parsed.positionals[0]?.text !== 'shell') {
			return undefined;
		}
		const code = optionValue(parsed, '-c', '--command') ?? inv.stdinText;
		return code !== undefined ? { code, language: 'python' } : undefined;
	}
	const flag = inv.argv.findIndex((w) => w.text === '-c');
	return flag > 0 && inv.argv[flag + 1] && /^python/.test(inv.name) ? { code: inv.argv[flag + 1].text, language: 'python' } : undefined;
}

const bulkRule: Rule = {
	id: 'orm:bulk-delete',
	severity: 'high',
	commands: ['rails', 'python', 'python3', 'manage.py', 'django-admin'],
	reason: 'Deletes every row of a model\'s table through the ORM.',
	alternative: 'Scope it (User.where(…).delete_all, .filter(…).delete()) and count the rows first.',
	match(inv): MatchResult {
		const found = ormCode(inv);
		if (!found) {
			return undefined;
		}
		for (const re of BULK) {
			const m = re.exec(found.code);
			if (m) {
				return { targets: [m[1]], reason: `Deletes every ${m[1]} record (${m[0]}).` };
			}
		}
		// Raw SQL handed to the connection: `ActiveRecord::Base.connection.execute("DROP TABLE x")`.
		if (inv.name !== 'rails' && !djangoArgs(inv)) {
			return undefined;
		}
		for (const synthetic of scriptInvocations(found.language, found.code)) {
			if (synthetic.kind === 'argv' && synthetic.argv[0] === '@sql' && synthetic.stdin !== undefined) {
				const [finding] = analyzeSql(synthetic.stdin);
				if (finding) {
					return { targets: finding.targets, severity: finding.severity, reason: `${finding.what.charAt(0).toUpperCase()}${finding.what.slice(1)}, through the ORM's connection.` };
				}
			}
		}
		return undefined;
	},
};

const rules: Rule[] = [
	prismaRule, railsRule, djangoRule, artisanRule, doctrineRule, adonisRule, cmsRule, ...migrationToolRules, bulkRule,
];

export const ormPack: RulePack = {
	name: 'orm',
	description: 'ORM and migration tools that reset or drop databases.',
	rules,
};
