/**
 * SQL clients run shell commands for their input: psql's `\!` (run here with psql 15: `psql -c '\! echo …'`
 * ran the echo), `\o |cmd`, `\copy … program`, the server's `COPY … PROGRAM`; sqlite3's `.shell`/`.system` and
 * their prefixes (`.sh`, `.sy` ran here with sqlite3 3.40), `.once |cmd`, `.import '|cmd'`; mysql's `system` and
 * `\!`. Each was allowed: the SQL was read, the shell command in it was not. The commands are judged as shell,
 * wherever the client's input comes from (an option, a file, a heredoc, a pipe).
 */
import { describe } from 'node:test';
import { PROJECT, useEngine, verdictCase } from '../helpers';

useEngine();

const files = (name: string, text: string) => ({ readFile: (file: string) => (file === `${PROJECT}/${name}` ? text : undefined) });

describe('shell commands inside SQL client input are judged as shell', () => {
	verdictCase("psql -c '\\! rm -rf /srv/data' shop", 'confirm', '/srv/data', 'files:rm');
	verdictCase("psql --comm='\\! rm -rf /srv/data' shop", 'confirm', '/srv/data', 'files:rm');
	verdictCase("echo '\\! rm -rf /srv/data' | psql shop", 'confirm', '/srv/data', 'files:rm');
	verdictCase("psql shop <<'EOF'\nselect 1;\n\\! rm -rf /srv/data\nEOF", 'confirm', '/srv/data', 'files:rm');
	verdictCase('psql -f cleanup.sql shop', 'confirm', '/srv/data', 'files:rm', files('cleanup.sql', 'select 1;\n\\! rm -rf /srv/data\n'));
	verdictCase("psql -c '\\o |rm -rf /srv/data' shop", 'confirm', '/srv/data', 'files:rm');
	verdictCase(`psql -c "\\copy t to program 'rm -rf /srv/data'" shop`, 'confirm', '/srv/data', 'files:rm');
	// Server-side COPY runs on the database's machine: judged there (remote), not against local paths.
	verdictCase(`psql -c "COPY t TO PROGRAM 'rm -rf /var/lib/postgresql/data'" shop`, 'confirm', '/var/lib/postgresql/data', 'files:rm');
	verdictCase("sqlite3 app.db '.shell rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("sqlite3 app.db '.sy rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("sqlite3 app.db '.sh rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("sqlite3 app.db '.once |rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase(`sqlite3 app.db ".import '|rm -rf /srv/data' t"`, 'confirm', '/srv/data', 'files:rm');
	verdictCase("sqlite3 -cmd '.shell rm -rf /srv/data' app.db", 'confirm', '/srv/data', 'files:rm');
	verdictCase("echo '.system rm -rf /srv/data' | sqlite3 app.db", 'confirm', '/srv/data', 'files:rm');
	verdictCase("mysql -e 'system rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("mariadb -e '\\! rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("mysql --exe='select 1; system rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	// Harmless shell commands and plain SQL stay allowed.
	verdictCase("psql -c '\\! ls -la' shop", 'allow');
	verdictCase("sqlite3 app.db '.shell ls'", 'allow');
	verdictCase("sqlite3 app.db '.output report.csv' 'select * from t'", 'allow');
	verdictCase("sqlite3 app.db 'select * from t'", 'allow');
	verdictCase("psql -c 'select 1' shop", 'allow');
	verdictCase("mysql -e 'select system_user()'", 'allow');
});

describe('COPY … PROGRAM with a dollar-quoted command', () => {
	// Was allowed: only single-quoted programs were read.
	verdictCase("psql shop -c 'COPY (SELECT 1) TO PROGRAM $$rm -rf /srv/data$$'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("psql shop -c 'COPY t FROM PROGRAM $x$rm -rf /srv/data$x$'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("psql shop -c 'COPY t TO PROGRAM $$gzip > /tmp/t.gz$$'", 'allow');
});
