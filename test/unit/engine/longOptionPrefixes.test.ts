/**
 * Tools that take any unambiguous prefix of a long option — git's parse-options (`git reset --har` is
 * `--hard`, tried with git 2.39 here), GNU getopt_long (`chmod --rec`, `su --comm=…`, `sudo --us root`),
 * MySQL's clients (`mysql --exe=…`, `--loose-`, `_` for `-`) — run the same destructive command as the full
 * spelling, so they ask the same. A prefix the tool finds ambiguous makes it refuse to run; a prefix of an
 * option that makes the command harmless (`git clean --d -f`, `--dry-run`) stays allowed, as the tool reads it.
 */
import { describe } from 'node:test';
import { PROJECT, HOME, verdictCase } from '../helpers';
import { useEngine } from '../helpers';

useEngine();

describe('git long options written as prefixes', () => {
	verdictCase('git reset --har HEAD~3', 'confirm', 'HEAD~3', 'git:reset-hard');
	verdictCase('git reset --h', 'confirm', 'HEAD', 'git:reset-hard');
	verdictCase('git clean --for -d -x', 'confirm', '.', 'git:clean');
	verdictCase('git push --for origin main', 'confirm', 'main', 'git:push-force');
	verdictCase('git push --del origin release-1', 'confirm', 'release-1', 'git:push-delete');
	verdictCase('git push --mir backup', 'confirm', 'backup', 'git:push-mirror');
	verdictCase('git branch --del --forc topic', 'confirm', 'topic', 'git:branch-delete');
	verdictCase('git checkout --for main', 'confirm', 'main', 'git:discard-changes');
	verdictCase('git restore --sta --work src/', 'confirm', 'src/', 'git:discard-changes');
	verdictCase('git switch --disc main', 'confirm', 'main', 'git:discard-changes');
	verdictCase('git reflog expire --expire-u=now --all', 'confirm', 'reflog', 'git:reflog-expire');
	verdictCase('git gc --pru=now', 'confirm', 'gc', 'git:gc-prune-now');
	verdictCase('git worktree remove --for ../wt', 'confirm', '../wt', 'git:worktree-remove-force');
	// A prefix of a value-taking option takes its value: the ref after it is not a path.
	verdictCase('git reset --pathspec-from list.txt --har HEAD~1', 'confirm', 'HEAD~1', 'git:reset-hard');
	// As git reads them: --d is --dry-run for clean; --sta alone only unstages; -c key alone is true.
	verdictCase('git clean --d -f', 'allow');
	verdictCase('git clean --forc --dry', 'allow');
	verdictCase('git restore --sta src/', 'allow');
	verdictCase('git status --sh', 'allow');
});

describe('git clean with clean.requireForce off needs no -f', () => {
	verdictCase('git -c clean.requireForce=false clean -d -x', 'confirm', '.', 'git:clean');
	verdictCase('git -c clean.requireforce= clean -dx', 'confirm', '.', 'git:clean');
	verdictCase('git --config-env=clean.requireForce=NOFORCE clean -dx', 'confirm', '.', 'git:clean');
	verdictCase('git config clean.requireForce false && git clean -dx', 'confirm', '.', 'git:clean');
	verdictCase(`GIT_CONFIG_PARAMETERS="'clean.requireforce'='false'" git clean -dx`, 'confirm', '.', 'git:clean');
	verdictCase('GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=clean.requireForce GIT_CONFIG_VALUE_0=no git clean -d', 'confirm', '.', 'git:clean');
	const repo = (config: string) => ({
		readFile: (file: string) => ({ [`${PROJECT}/.git/HEAD`]: 'ref: refs/heads/topic\n', [`${PROJECT}/.git/config`]: config } as Record<string, string>)[file],
	});
	verdictCase('git clean -dx', 'confirm', '.', 'git:clean', repo('[core]\n\tbare = false\n[clean]\n\trequireForce = false\n'));
	verdictCase('git clean -dx', 'confirm', '.', 'git:clean', { readFile: (file: string) => (file === `${HOME}/.gitconfig` ? '[clean]\n  requireforce = off\n' : undefined) });
	// Controls: git refuses to clean without -f when requireForce is on (the default, or set true).
	verdictCase('git clean -dx', 'allow');
	verdictCase('git -c clean.requireForce clean -dx', 'allow');
	verdictCase('git -c clean.requireForce=true clean -dx', 'allow');
	verdictCase('git clean -dx', 'allow', undefined, undefined, repo('[clean]\n\trequireForce = true\n'));
	verdictCase('git -c clean.requireForce=false clean -n -dx', 'allow');
});

describe('SQL clients long options written as prefixes', () => {
	verdictCase("psql --comm='DROP TABLE invoices' shop", 'confirm', 'invoices', 'sql:drop-table');
	verdictCase("psql shop --comm 'DROP TABLE invoices'", 'confirm', 'invoices', 'sql:drop-table');
	verdictCase("mysql --exe='DROP DATABASE shop'", 'confirm', 'shop', 'sql:drop-database');
	verdictCase("mysql --ex 'DROP DATABASE shop'", 'confirm', 'shop', 'sql:drop-database');
	verdictCase("mysql --loose-execute='DROP DATABASE shop'", 'confirm', 'shop', 'sql:drop-database');
	verdictCase("mariadb --init_command='DROP DATABASE shop'", 'confirm', 'shop', 'sql:drop-database');
	verdictCase("cqlsh --exe 'DROP KEYSPACE shop'", 'confirm', 'shop');
	verdictCase('pg_restore --cle -d shop dump.pgc', 'confirm', 'shop', 'sql:restore-clean');
	verdictCase('pg_dump --cle src | psql shop', 'confirm', 'shop', 'sql:restore-clean');
	verdictCase('mysqldump --add-drop-d --databases src | mysql shop', 'confirm', 'shop', 'sql:restore-clean');
	verdictCase('dropdb --ho db1.internal prod', 'confirm', 'prod', 'sql:dropdb');
	verdictCase('pg_restore --lis dump.pgc', 'allow');
	verdictCase("mysql --exe='SELECT 1'", 'allow');
	verdictCase("psql --comm='SELECT 1' shop", 'allow');
});

describe('GNU tools and wrappers long options written as prefixes', () => {
	verdictCase('chmod --rec 000 /', 'deny', '/', 'disks:system-permissions');
	verdictCase('truncate --si=0 /var/lib/postgresql/data/base.db', 'confirm', '/var/lib/postgresql/data/base.db', 'files:truncate');
	verdictCase('rm --rec --for /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('wipefs --al /dev/sda', 'confirm', '/dev/sda', 'disks:wipefs');
	verdictCase('userdel --rem bob', 'confirm', 'bob', 'disks:user-delete');
	verdictCase("sed --in-pl 's/^PROMPT_COMMAND=.*//' ~/.bashrc", 'confirm', '~/.bashrc', 'self:startup-file');
	verdictCase('echo "unset PROMPT_COMMAND" | tee --app ~/.bashrc', 'confirm', '~/.bashrc', 'self:startup-file');
	verdictCase("su --comm='rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("runuser --comm='rm -rf /srv/data' bob", 'confirm', '/srv/data', 'files:rm');
	verdictCase("script --comm 'rm -rf /srv/data' /dev/null", 'confirm', '/srv/data', 'files:rm');
	verdictCase("flock --comm 'rm -rf /srv/data' /tmp/lock", 'confirm', '/srv/data', 'files:rm');
	verdictCase('flock --time 5 /tmp/lock rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('sudo --us root rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('timeout --si KILL 5 rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('nice --adj 5 rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('env --uns HOME rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase("env --spl='rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase('watch --ex rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('watch --interv 5 rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('sudo --us root ls /srv/data', 'allow');
	verdictCase('timeout --si KILL 5 ls /srv/data', 'allow');
	verdictCase('sed --in-pl s/a/b/ notes.txt', 'allow');
});

describe('the AWS CLI (argparse) reads long-option prefixes, global options first', () => {
	verdictCase('aws s3 rm --rec s3://bucket/', 'confirm', 's3://bucket/', 'cloud:aws-s3');
	verdictCase('aws s3 rm s3://bucket/data/ --rec', 'confirm', 's3://bucket/data/', 'cloud:aws-s3');
	verdictCase('aws s3 rb --fo s3://bucket', 'confirm', 's3://bucket', 'cloud:aws-s3');
	verdictCase('aws s3 sync ./site s3://bucket --del', 'confirm', 's3://bucket', 'cloud:aws-s3');
	verdictCase('aws --reg us-east-1 s3 rm s3://bucket/data/ --recursive', 'confirm', 's3://bucket/data/', 'cloud:aws-s3');
	// Full names stay themselves: `--force` is not read as `--force-delete`, `--include` keeps its value.
	verdictCase('aws s3 rm s3://bucket/logs/ --recursive --include *.log', 'confirm', 's3://bucket/logs/', 'cloud:aws-s3');
	// As the CLI reads them: `--dr` is the command's --dryrun; `--de` is the global --debug, not sync's --delete.
	verdictCase('aws s3 rm s3://bucket/x.txt --dr', 'allow');
	verdictCase('aws s3 sync --de ./site s3://bucket', 'allow');
	verdictCase('aws s3 ls s3://bucket --rec', 'allow');
});
