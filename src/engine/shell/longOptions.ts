/**
 * Long options of the tools the rules read that take any unambiguous prefix of a long option, as GNU
 * getopt_long (coreutils, util-linux, procps, sed, sudo, systemd) and Perl's Getopt::Long (deluser) do:
 * `chmod --rec` is `--recursive`, `su --comm=…` is `--command=…`. Taken from each tool's `--help` on
 * Debian 12 (sudo from its manual). Only options the tool really has, so reading a prefix by this list
 * never differs from the tool: it reads the same option or refuses an ambiguous one (argv.ts longNames).
 * Tools without prefixes (rsync's popt, Go and Rust CLIs, find, dd) are not here.
 */
import { parseArgs, type OptionSpec, type ParsedArgs } from './argv';
import type { Invocation, Word } from '../types';

const CHOWN = ['--changes', '--dereference', '--from', '--help', '--no-dereference', '--no-preserve-root', '--preserve-root', '--quiet', '--recursive', '--reference', '--silent', '--verbose', '--version'];
const SU = ['--command', '--fast', '--group', '--help', '--login', '--preserve-environment', '--pty', '--session-command', '--shell', '--supp-group', '--version', '--whitelist-environment'];

const MYSQL = ['--abort-source-on-error', '--auto-rehash', '--auto-vertical-output', '--batch', '--binary-as-hex', '--binary-mode', '--character-sets-dir', '--column-names', '--column-type-info', '--comments', '--compress', '--connect-expired-password', '--connect-timeout', '--database', '--debug', '--debug-check', '--debug-info', '--default-auth', '--default-character-set', '--delimiter', '--execute', '--force', '--help', '--host', '--html', '--i-am-a-dummy', '--ignore-spaces', '--init-command', '--line-numbers', '--local-infile', '--max-allowed-packet', '--max-join-size', '--named-commands', '--net-buffer-length', '--no-auto-rehash', '--no-beep', '--one-database', '--pager', '--password', '--plugin-dir', '--port', '--print-query-on-error', '--prompt', '--protocol', '--quick', '--raw', '--reconnect', '--safe-updates', '--secure-auth', '--select-limit', '--show-warnings', '--sigint-ignore', '--silent', '--skip-column-names', '--skip-line-numbers', '--socket', '--ssl', '--ssl-ca', '--ssl-capath', '--ssl-cert', '--ssl-cipher', '--ssl-crl', '--ssl-crlpath', '--ssl-key', '--table', '--tee', '--tls-version', '--unbuffered', '--user', '--verbose', '--version', '--vertical', '--wait', '--xml'];

const MYSQLDUMP = ['--add-drop-database', '--add-drop-table', '--add-drop-trigger', '--add-locks', '--all-databases', '--all-tablespaces', '--allow-keywords', '--character-sets-dir', '--comments', '--compact', '--compatible', '--complete-insert', '--compress', '--create-options', '--databases', '--debug', '--debug-check', '--debug-info', '--default-auth', '--default-character-set', '--defaults-extra-file', '--defaults-file', '--defaults-group-suffix', '--delete-master-logs', '--disable-keys', '--dump-date', '--dump-slave', '--events', '--extended-insert', '--fields-enclosed-by', '--fields-escaped-by', '--fields-optionally-enclosed-by', '--fields-terminated-by', '--flush-logs', '--flush-privileges', '--force', '--help', '--hex-blob', '--host', '--ignore-table', '--include-master-host-port', '--insert-ignore', '--lines-terminated-by', '--lock-all-tables', '--lock-tables', '--log-error', '--master-data', '--max-allowed-packet', '--net-buffer-length', '--no-autocommit', '--no-create-db', '--no-create-info', '--no-data', '--no-defaults', '--no-set-names', '--no-tablespaces', '--opt', '--order-by-primary', '--password', '--plugin-dir', '--port', '--print-defaults', '--protocol', '--quick', '--quote-names', '--replace', '--result-file', '--routines', '--set-charset', '--single-transaction', '--skip-add-drop-table', '--skip-add-locks', '--skip-comments', '--skip-create-options', '--skip-disable-keys', '--skip-dump-date', '--skip-extended-insert', '--skip-lock-tables', '--skip-opt', '--skip-quick', '--skip-quote-names', '--skip-set-charset', '--skip-triggers', '--skip-tz-utc', '--socket', '--ssl', '--ssl-ca', '--ssl-capath', '--ssl-cert', '--ssl-cipher', '--ssl-crl', '--ssl-crlpath', '--ssl-key', '--tab', '--tables', '--tls-version', '--triggers', '--tz-utc', '--user', '--verbose', '--version', '--where', '--xml'];

export const LONG_OPTIONS: Readonly<Record<string, readonly string[]>> = {
	rm: ['--dir', '--force', '--help', '--interactive', '--no-preserve-root', '--one-file-system', '--preserve-root', '--recursive', '--verbose', '--version'],
	shred: ['--exact', '--force', '--help', '--iterations', '--random-source', '--remove', '--size', '--verbose', '--version', '--zero'],
	truncate: ['--help', '--io-blocks', '--no-create', '--reference', '--size', '--version'],
	fallocate: ['--collapse-range', '--dig-holes', '--help', '--insert-range', '--keep-size', '--length', '--offset', '--posix', '--punch-hole', '--verbose', '--version', '--zero-range'],
	chmod: ['--changes', '--help', '--no-preserve-root', '--preserve-root', '--quiet', '--recursive', '--reference', '--silent', '--verbose', '--version'],
	chown: CHOWN,
	chgrp: CHOWN.filter((o) => o !== '--from'),
	cp: ['--archive', '--attributes-only', '--backup', '--context', '--copy-contents', '--dereference', '--force', '--help', '--interactive', '--link', '--no-clobber', '--no-dereference', '--no-preserve', '--no-target-directory', '--one-file-system', '--parents', '--preserve', '--recursive', '--reflink', '--remove-destination', '--sparse', '--strip-trailing-slashes', '--suffix', '--symbolic-link', '--target-directory', '--update', '--verbose', '--version'],
	mv: ['--backup', '--context', '--force', '--help', '--interactive', '--no-clobber', '--no-target-directory', '--strip-trailing-slashes', '--suffix', '--target-directory', '--update', '--verbose', '--version'],
	install: ['--backup', '--compare', '--context', '--directory', '--group', '--help', '--mode', '--no-target-directory', '--owner', '--preserve-context', '--preserve-timestamps', '--strip', '--strip-program', '--suffix', '--target-directory', '--verbose', '--version'],
	ln: ['--backup', '--directory', '--force', '--help', '--interactive', '--logical', '--no-dereference', '--no-target-directory', '--physical', '--relative', '--suffix', '--symbolic', '--target-directory', '--verbose', '--version'],
	tee: ['--append', '--help', '--ignore-interrupts', '--output-error', '--version'],
	sed: ['--debug', '--expression', '--file', '--follow-symlinks', '--help', '--in-place', '--line-length', '--null-data', '--posix', '--quiet', '--regexp-extended', '--sandbox', '--separate', '--silent', '--unbuffered', '--version'],
	wipefs: ['--all', '--backup', '--force', '--help', '--json', '--lock', '--no-act', '--noheadings', '--offset', '--output', '--parsable', '--quiet', '--types', '--version'],
	blkdiscard: ['--force', '--help', '--length', '--offset', '--secure', '--step', '--verbose', '--version', '--zeroout'],
	userdel: ['--force', '--help', '--prefix', '--remove', '--root', '--selinux-user'],
	deluser: ['--backup', '--backup-suffix', '--backup-to', '--conf', '--debug', '--group', '--only-if-empty', '--quiet', '--remove-all-files', '--remove-home', '--system', '--verbose'],
	pkill: ['--cgroup', '--count', '--echo', '--euid', '--exact', '--full', '--group', '--help', '--ignore-ancestors', '--ignore-case', '--logpidfile', '--newest', '--ns', '--nslist', '--older', '--oldest', '--parent', '--pgroup', '--pidfile', '--queue', '--runstates', '--session', '--signal', '--terminal', '--uid', '--version'],
	killall: ['--context', '--exact', '--ignore-case', '--interactive', '--list', '--ns', '--older-than', '--process-group', '--quiet', '--regexp', '--signal', '--user', '--verbose', '--version', '--wait', '--younger-than'],
	systemctl: ['--all', '--boot-loader-entry', '--boot-loader-menu', '--check-inhibitors', '--dry-run', '--failed', '--firmware-setup', '--force', '--full', '--global', '--help', '--host', '--image', '--job-mode', '--kill-whom', '--legend', '--lines', '--machine', '--marked', '--mkdir', '--no-ask-password', '--no-block', '--no-pager', '--no-reload', '--no-wall', '--now', '--output', '--plain', '--preset-mode', '--property', '--quiet', '--read-only', '--recursive', '--reverse', '--root', '--runtime', '--show-transaction', '--show-types', '--signal', '--state', '--system', '--timestamp', '--type', '--user', '--value', '--version', '--wait', '--what', '--with-dependencies'],
	shutdown: ['--halt', '--help', '--no-wall', '--poweroff', '--reboot', '--show'],
	// SQL clients: psql 15's getopt_long, MariaDB 10.11's client (my_getopt), cqlsh's optparse.
	psql: ['--command', '--csv', '--dbname', '--echo-all', '--echo-errors', '--echo-hidden', '--echo-queries', '--expanded', '--field-separator', '--field-separator-zero', '--file', '--help', '--host', '--html', '--list', '--log-file', '--no-align', '--no-password', '--no-psqlrc', '--no-readline', '--output', '--password', '--port', '--pset', '--quiet', '--record-separator', '--record-separator-zero', '--set', '--single-line', '--single-step', '--single-transaction', '--table-attr', '--tuples-only', '--username', '--variable', '--version'],
	mysql: MYSQL,
	mariadb: MYSQL,
	cqlsh: ['--browser', '--color', '--connect-timeout', '--cqlshrc', '--cqlversion', '--debug', '--encoding', '--execute', '--file', '--help', '--keyspace', '--no-color', '--password', '--request-timeout', '--ssl', '--tty', '--username', '--version'],
	// PostgreSQL 15's and MariaDB 10.11's dump and restore tools (MySQL's clients also take `--loose-` and `_`: sql-clients.ts).
	pg_dump: ['--binary-upgrade', '--blobs', '--clean', '--column-inserts', '--compress', '--create', '--data-only', '--dbname', '--disable-dollar-quoting', '--disable-triggers', '--enable-row-security', '--encoding', '--exclude-schema', '--exclude-table', '--exclude-table-data', '--extension', '--extra-float-digits', '--file', '--format', '--help', '--host', '--if-exists', '--include-foreign-data', '--inserts', '--jobs', '--load-via-partition-root', '--lock-wait-timeout', '--no-blobs', '--no-comments', '--no-owner', '--no-password', '--no-privileges', '--no-publications', '--no-security-labels', '--no-subscriptions', '--no-sync', '--no-table-access-method', '--no-tablespaces', '--no-toast-compression', '--no-unlogged-table-data', '--on-conflict-do-nothing', '--password', '--port', '--quote-all-identifiers', '--restrict-key', '--role', '--rows-per-insert', '--schema', '--schema-only', '--section', '--serializable-deferrable', '--snapshot', '--strict-names', '--superuser', '--table', '--use-set-session-authorization', '--username', '--verbose', '--version'],
	pg_dumpall: ['--binary-upgrade', '--clean', '--column-inserts', '--data-only', '--database', '--dbname', '--disable-dollar-quoting', '--disable-triggers', '--encoding', '--exclude-database', '--extra-float-digits', '--file', '--globals-only', '--help', '--host', '--if-exists', '--inserts', '--load-via-partition-root', '--lock-wait-timeout', '--no-comments', '--no-owner', '--no-password', '--no-privileges', '--no-publications', '--no-role-passwords', '--no-security-labels', '--no-subscriptions', '--no-sync', '--no-table-access-method', '--no-tablespaces', '--no-toast-compression', '--no-unlogged-table-data', '--on-conflict-do-nothing', '--password', '--port', '--quote-all-identifiers', '--restrict-key', '--role', '--roles-only', '--rows-per-insert', '--schema-only', '--superuser', '--tablespaces-only', '--use-set-session-authorization', '--username', '--verbose', '--version'],
	pg_restore: ['--clean', '--create', '--data-only', '--dbname', '--disable-triggers', '--enable-row-security', '--exclude-schema', '--exit-on-error', '--file', '--format', '--function', '--help', '--host', '--if-exists', '--index', '--jobs', '--list', '--no-comments', '--no-data-for-failed-tables', '--no-owner', '--no-password', '--no-privileges', '--no-publications', '--no-security-labels', '--no-subscriptions', '--no-table-access-method', '--no-tablespaces', '--password', '--port', '--restrict-key', '--role', '--schema', '--schema-only', '--section', '--single-transaction', '--strict-names', '--superuser', '--table', '--trigger', '--use-list', '--use-set-session-authorization', '--username', '--verbose', '--version'],
	mysqldump: MYSQLDUMP,
	'mariadb-dump': MYSQLDUMP,
	dropdb: ['--echo', '--force', '--help', '--host', '--if-exists', '--interactive', '--maintenance-db', '--no-password', '--password', '--port', '--username', '--version'],
	// Wrappers: their own options come before the command they run.
	sudo: ['--askpass', '--background', '--bell', '--chdir', '--chroot', '--close-from', '--command-timeout', '--edit', '--group', '--help', '--host', '--list', '--login', '--non-interactive', '--other-user', '--preserve-env', '--preserve-groups', '--prompt', '--remove-timestamp', '--reset-timestamp', '--role', '--set-home', '--shell', '--stdin', '--type', '--user', '--validate', '--version'],
	su: SU,
	runuser: [...SU, '--user'],
	script: ['--append', '--command', '--echo', '--flush', '--force', '--help', '--log-in', '--log-io', '--log-out', '--log-timing', '--logging-format', '--output-limit', '--quiet', '--return', '--timing', '--version'],
	flock: ['--close', '--command', '--conflict-exit-code', '--exclusive', '--help', '--no-fork', '--nonblock', '--shared', '--timeout', '--unlock', '--verbose', '--version'],
	timeout: ['--foreground', '--help', '--kill-after', '--preserve-status', '--signal', '--verbose', '--version'],
	gtimeout: ['--foreground', '--help', '--kill-after', '--preserve-status', '--signal', '--verbose', '--version'],
	nice: ['--adjustment', '--help', '--version'],
	ionice: ['--class', '--classdata', '--help', '--ignore', '--pgid', '--pid', '--uid', '--version'],
	stdbuf: ['--error', '--help', '--input', '--output', '--version'],
	env: ['--block-signal', '--chdir', '--debug', '--default-signal', '--help', '--ignore-environment', '--ignore-signal', '--list-signal-handling', '--null', '--split-string', '--unset', '--version'],
	xargs: ['--arg-file', '--delimiter', '--eof', '--exit', '--help', '--interactive', '--max-args', '--max-chars', '--max-lines', '--max-procs', '--no-run-if-empty', '--null', '--open-tty', '--process-slot-var', '--replace', '--show-limits', '--verbose', '--version'],
	chroot: ['--groups', '--help', '--skip-chdir', '--userspec', '--version'],
	nsenter: ['--all', '--cgroup', '--follow-context', '--help', '--ipc', '--mount', '--net', '--no-fork', '--pid', '--preserve-credentials', '--root', '--setgid', '--setuid', '--target', '--time', '--user', '--uts', '--version', '--wd', '--wdns'],
	unshare: ['--boottime', '--cgroup', '--fork', '--help', '--ipc', '--keep-caps', '--kill-child', '--map-auto', '--map-current-user', '--map-group', '--map-groups', '--map-root-user', '--map-user', '--map-users', '--monotonic', '--mount', '--mount-proc', '--net', '--pid', '--propagation', '--root', '--setgid', '--setgroups', '--setuid', '--time', '--user', '--uts', '--version', '--wd'],
	setpriv: ['--ambient-caps', '--apparmor-profile', '--bounding-set', '--clear-groups', '--dump', '--egid', '--euid', '--groups', '--help', '--inh-caps', '--init-groups', '--keep-groups', '--nnp', '--no-new-privs', '--pdeathsig', '--regid', '--reset-env', '--reuid', '--rgid', '--ruid', '--securebits', '--selinux-label', '--version'],
	watch: ['--beep', '--chgexit', '--color', '--differences', '--equexit', '--errexit', '--exec', '--help', '--interval', '--no-title', '--no-wrap', '--precise', '--version'],
	time: ['--append', '--format', '--help', '--output', '--portability', '--quiet', '--verbose', '--version'],
};

/** The tool's arguments (after `argv[from - 1]`) parsed as the tool reads them, long-option prefixes included. */
export function toolArgs(inv: Invocation, spec: OptionSpec = {}, from = 1): ParsedArgs {
	return parseArgs(inv.argv.slice(from), { ...spec, long: LONG_OPTIONS[inv.name] });
}

/**
 * A MySQL client's long option as my_getopt reads it: `--loose-` only says "ignore if unknown", and `_`
 * and `-` are the same in a name (`--loose-init_command=…` is `--init-command=…`).
 */
export function mysqlSpelling(word: Word): Word {
	if (!word.text.startsWith('--')) {
		return word;
	}
	const eq = word.text.indexOf('=');
	const name = (eq > 0 ? word.text.slice(0, eq) : word.text).replace(/_/g, '-').replace(/^--loose-(?=.)/, '--');
	const text = name + (eq > 0 ? word.text.slice(eq) : '');
	return text === word.text ? word : { ...word, text };
}
