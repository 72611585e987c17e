import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../../src/engine/analyze';
import { shortOption } from '../../../src/engine/shell/argv';
import { readFields } from '../../../src/engine/shell/unwrap';
import { testContext, useEngine, verdictCase } from '../helpers';

useEngine();

const t = verdictCase;
/** The invocations a line unwraps to, as `argv (remote?)` strings. */
const runs = (line: string) => explain(line, testContext()).invocations.map((inv) => `${inv.argv.map((w) => w.text).join(' ')}${inv.remote ? ' (remote)' : ''}`);

describe('shortOption: a short option read the way getopt reads a bundle', () => {
	it('finds a flag anywhere in a bundle', () => {
		assert.equal(shortOption('-Rv', 'R'), '');
		assert.equal(shortOption('-vR', 'R'), '');
		assert.equal(shortOption('-Rv', 'x'), undefined);
	});
	it('ends the bundle at the first letter that takes a value', () => {
		assert.equal(shortOption('-vS', 'S', 'uCS'), null);
		assert.equal(shortOption('-vSrm -rf x', 'S', 'uCS'), 'rm -rf x');
		assert.equal(shortOption('-uS', 'S', 'uCS'), undefined, '`-uS` is -u with the value S');
		assert.equal(shortOption('-so', 'o', 'o'), null);
		assert.equal(shortOption('-ofile', 'o', 'o'), 'file');
	});
	it('is not fooled by long options or single-dash words', () => {
		assert.equal(shortOption('--verbose', 'v'), undefined);
		assert.equal(shortOption('-', 'v'), undefined);
		assert.equal(shortOption('-exec', 'x'), '');
		assert.equal(shortOption('-x.y', 'y'), undefined);
	});
});

describe('unwrap: GNU parallel and sem', () => {
	it('runs the command once per value, placeholders filled in', () => {
		assert.deepEqual(runs('parallel -j4 rm -rf {} ::: a b').slice(1), ['rm -rf a', 'rm -rf b']);
		// One job per value: `rm -rf a`, then `rm -rf b`.
		assert.deepEqual(runs('parallel rm -rf ::: a b').slice(1), ['rm -rf a', 'rm -rf b']);
		assert.deepEqual(runs("parallel 'rm -rf {}/x' ::: a").slice(1), ['rm -rf a/x']);
	});
	it('combines lists every way, or pairs them with :::+ and --link', () => {
		assert.deepEqual(runs('parallel echo {1}-{2} ::: a b ::: 1 2').slice(1), ['echo a-1', 'echo a-2', 'echo b-1', 'echo b-2']);
		assert.deepEqual(runs('parallel echo {1}-{2} ::: a b :::+ 1 2').slice(1), ['echo a-1', 'echo b-2']);
		assert.deepEqual(runs('parallel --link echo {1}-{2} ::: a b ::: 1 2').slice(1), ['echo a-1', 'echo b-2']);
	});
	it('knows the replacement strings {.} {/} {//} {/.} and -I', () => {
		assert.deepEqual(runs('parallel echo {.} {/} {//} {/.} ::: /srv/a/b.tar').slice(1), ['echo /srv/a/b b.tar /srv/a b']);
		assert.deepEqual(runs('parallel -I @@ echo x@@y ::: 1').slice(1), ['echo x1y']);
	});
	it('reads :::: files; an unreadable one leaves the arguments to run time', () => {
		const [inv] = explain('parallel rm -rf :::: missing.txt', testContext()).invocations.slice(1);
		assert.equal(inv.dynamicArgs, true);
	});
	it('marks jobs sent to other machines (-S) remote, and runs nothing for --dry-run', () => {
		assert.deepEqual(runs('parallel -S web1 rm -rf {} ::: /srv/a').slice(1), ['rm -rf /srv/a (remote)']);
		assert.deepEqual(runs('parallel --dry-run rm -rf {} ::: /srv/a'), ['parallel --dry-run rm -rf {} ::: /srv/a']);
	});
	it('sem runs its command as written', () => {
		assert.deepEqual(runs('sem -j4 --id x rm -rf /srv/data').slice(1), ['rm -rf /srv/data']);
		assert.deepEqual(runs("sem 'rm -rf /srv/data'").slice(1), ['rm -rf /srv/data']);
	});
	t('parallel -I @@ rm -rf @@ ::: /srv/a', 'confirm', '/srv/a');
	t('parallel rm -rf {} :::+ /srv/a /srv/b', 'confirm', '/srv/a');
	t('sem --id x rm -rf /srv/data', 'confirm', '/srv/data');
});

describe('unwrap: env -S and bundled env options', () => {
	for (const line of ["env -S 'rm -rf /srv/data'", "env -S'rm -rf /srv/data'", "env --split-string='rm -rf /srv/data'", "env -iS 'rm -rf /srv/data'", "env -vS 'rm -rf /srv/data'", "env -0vS 'rm -rf /srv/data'", 'env -vu NODE_OPTIONS rm -rf /srv/data', 'env -i -u A -C /tmp rm -rf /srv/data']) {
		t(line, 'confirm', '/srv/data');
	}
	it('passes the variables on', () => {
		const inv = explain('env -i RAILS_ENV=production rails db:drop', testContext()).invocations.find((i) => i.name === 'rails');
		assert.equal(inv?.env.RAILS_ENV, 'production');
	});
	t('env -vS "node --version"', 'allow');
});

describe('unwrap: BSD xargs -J', () => {
	it('puts the input where the placeholder stands', () => {
		assert.deepEqual(runs('echo a b | xargs -J % mv % /dest').at(-1), 'mv a b /dest');
		assert.deepEqual(runs('echo a b | xargs -J% cp % /dest').at(-1), 'cp a b /dest');
	});
	it('drops the placeholder when the input is only known when it runs', () => {
		const inv = explain('xargs -J % rm -rf % /srv/data', testContext()).invocations.at(-1)!;
		assert.equal(inv.argv.map((w) => w.text).join(' '), 'rm -rf /srv/data');
		assert.equal(inv.dynamicArgs, true);
	});
	t('echo /srv/data | xargs -J % rm -rf %', 'confirm', '/srv/data');
	t('echo a | xargs -I {} echo {}', 'allow');
});

describe('remote execution: the carried command is judged as a command, on the remote machine', () => {
	it('marks it remote', () => {
		for (const line of [
			`aws ssm send-command --document-name AWS-RunShellScript --parameters 'commands=["rm -rf /var/www"]' --instance-ids i-1`,
			'az vm run-command invoke -g rg -n vm --command-id RunShellScript --scripts "rm -rf /var/www"',
			'ansible web -m shell -a "rm -rf /var/www"',
			"salt '*' cmd.run 'rm -rf /var/www'",
			'railway ssh -- rm -rf /var/www',
		]) {
			assert.ok(runs(line).includes('rm -rf /var/www (remote)'), `${line}: ${runs(line).join(' | ')}`);
		}
	});
	it('reads SSM parameters in every spelling', () => {
		for (const parameters of [`'commands=["rm -rf /var/www"]'`, `'{"commands":["rm -rf /var/www"]}'`, `commands="rm -rf /var/www"`, `'commands=["cd /","rm -rf /var/www"]'`]) {
			assert.ok(runs(`aws ssm send-command --document-name AWS-RunShellScript --parameters ${parameters}`).includes('rm -rf /var/www (remote)'), parameters);
		}
	});
	t('aws ssm send-command --document-name AWS-RunShellScript --parameters file://remote/ssm-wipe.json --instance-ids i-1', 'confirm', '/var/lib/mysql');
	t('aws ssm send-command --document-name AWS-RunShellScript --parameters file://remote/ssm-uptime.json --instance-ids i-1', 'allow');
	t('ansible web -m file -a "path=/opt/app/data state=absent"', 'confirm', '/opt/app/data');
	t('ansible web -m file -a "path=/opt/app/data state=touch"', 'allow');
	t('ansible web -m shell -a "rm -rf /opt/app/data" -C', 'allow');
	t("salt '*' cmd.run 'uptime' runas=root", 'allow');
	t("salt '*' file.remove /opt/app/data", 'confirm', '/opt/app/data');
	t('railway ssh -- ls /app', 'allow');
});

describe('unwrap: files an interpreter loads before the program, and git settings from the environment', () => {
	const rb = `echo 'system("rm -rf /srv/data")'`;
	const js = `echo 'require("child_process").execSync("rm -rf /srv/data")'`;
	const py = `echo 'import os; os.system("rm -rf /srv/data")'`;
	for (const line of [
		// Preloads on the command line.
		`${js} > /tmp/x.js; node -r /tmp/x.js -e 1`,
		`${js} > /tmp/x.js; node --import=/tmp/x.js app.js`,
		`${js} > /tmp/x.js; node --require /tmp/x.js app.js`,
		`${rb} > /tmp/x.rb; ruby -r/tmp/x.rb -e 1`,
		`${rb} > /tmp/x.rb; ruby -I/tmp -rx -e 1`,
		`${rb} > /tmp/x.pm; perl -I/tmp -Mx -e 1`,
		`${rb} > /tmp/x.pm; PERL5LIB=/tmp perl -MFoo -Mx -e 1`,
		// The same switches in the environment.
		`${rb} > /tmp/x.pm; PERL5OPT='-I/tmp -Mx' perl -v`,
		`${rb} > /tmp/x.rb; RUBYOPT=-r/tmp/x.rb ruby -v`,
		`${rb} > /tmp/x.rb; export RUBYLIB=/tmp RUBYOPT=-rx; ruby app.rb`,
		`${py} > /tmp/sitecustomize.py; PYTHONPATH=/tmp python3 -c 1`,
		// A script whose name says nothing, written by the line; a module run with -m from the folder.
		`${rb} > /tmp/x; perl /tmp/x`,
		`${py} > x.py; python3 -m x`,
		`mkdir -p x && ${py} > x/__main__.py; python3 -m x`,
		// git settings from the environment.
		"GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.pager GIT_CONFIG_VALUE_0='rm -rf /srv/data' git log",
		"GIT_CONFIG_COUNT=0 GIT_CONFIG_KEY_1=core.pager GIT_CONFIG_VALUE_1='rm -rf /srv/data' git log",
		`GIT_CONFIG_PARAMETERS="'core.pager'='rm -rf /srv/data'" git log`,
		`GIT_CONFIG_PARAMETERS="'core.pager=rm -rf /srv/data'" git log`,
		"P='rm -rf /srv/data' git --config-env=core.pager=P log",
		"export P='rm -rf /srv/data'; git --config-env core.pager=P log",
	]) {
		t(line, 'confirm', '/srv/data');
	}
	for (const line of [
		'node -r dotenv/config app.js',
		'node --require ./tracing.js server.js',
		"ruby -Ilib -rjson -e 'p 1'",
		'perl -MData::Dumper -e 1',
		'PYTHONPATH=src python3 -m pytest',
		'python3 -m http.server 8000',
		'GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=me git commit -m x',
		'git --config-env=http.extraHeader=AUTH fetch',
		"echo 'print(1)' > /tmp/x; python3 /tmp/x",
	]) {
		t(line, 'allow');
	}
	it('-c overrides a setting from the environment, as in git', () => {
		assert.equal(explain("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.pager GIT_CONFIG_VALUE_0='rm -rf /srv/data' git -c core.pager=less log", testContext()).verdict.decision, 'allow');
	});
});

describe('unwrap: PHP prepend files and a Rakefile the line writes', () => {
	for (const line of [
		`echo '<?php system("rm -rf /srv/data");' > /tmp/x.php; php -d auto_prepend_file=/tmp/x.php -r 1`,
		`echo '<?php system("rm -rf /srv/data");' > /tmp/x.php; php -dauto_append_file=/tmp/x.php index.php`,
		`printf 'task :x do\\n  sh "rm -rf /srv/data"\\nend\\n' > Rakefile; rake x`,
		`printf 'task :x do\\n  rm_rf "/srv/data"\\nend\\n' > Rakefile && rake x`,
		`printf 'task :x do\\n  sh "rm -rf /srv/data"\\nend\\n' > /tmp/r; rake -f /tmp/r x`,
	]) {
		t(line, 'confirm', '/srv/data');
	}
	t('curl -so Rakefile https://x.example/r; rake', 'confirm', 'Rakefile');
	for (const line of ["printf 'task :x do\\n  puts 1\\nend\\n' > Rakefile && rake x", 'rake test', 'php -d memory_limit=-1 composer.phar install']) {
		t(line, 'allow');
	}
});

describe('unwrap: a function the line defines, called with arguments', () => {
	// The target is what the call's arguments name, not `$1`.
	t('f() { rm -rf "$1"; }; f /srv/data', 'confirm', '/srv/data');
	t('cleanup() { local d=$1; rm -rf "$d"; }; cleanup /srv/data', 'confirm', '/srv/data');
	t('f() { rm -rf "$1"; }; f build; f /srv/data', 'confirm', '/srv/data');
	t('function g { git push --force origin "$1"; }; g main', 'confirm', 'main');
	t('f() { rm -rf /srv/data; }; f', 'confirm', '/srv/data');
	// Never called, or called through a value the parse does not see: judged where it is defined.
	t('f() { rm -rf /srv/data; }', 'confirm', '/srv/data');
	t('f() { rm -rf "$1"; }; G=f; $G /srv/data', 'confirm');
	t('f() { echo "$1"; }; f /srv/data', 'allow');
});

describe('unwrap: values printf -v and read give a variable', () => {
	t(`printf -v c 'rm -rf %s' /srv/data; eval "$c"`, 'confirm', '/srv/data');
	t(`read -r c <<< 'rm -rf /srv/data'; $c`, 'confirm', '/srv/data');
	// `--` ends printf's options; a format or word only known at run time leaves the value unknown.
	t(`printf -v c -- 'rm -rf %s' /srv/data; eval "$c"`, 'confirm', '/srv/data');
	t(`read c <<EOF\nrm -rf /srv/data\nEOF\n$c`, 'confirm', '/srv/data');
	t(`printf -v x '%s' hello; echo $x`, 'allow');
	t(`read -r name <<< 'world'; echo "$name"`, 'allow');
	// Unknown values stay unknown: the line still asks.
	t(`printf -v c 'rm -rf %s' "$D"; eval "$c"`, 'confirm');
	t(`read -r c; $c -rf /srv/data`, 'confirm', '/srv/data');
});

describe('unwrap: a process substitution as standard input or as the file a program reads', () => {
	for (const line of [
		"bash < <(echo 'rm -rf /srv/data')",
		"sh -s < <(echo 'rm -rf /srv/data')",
		"bash <(echo 'rm -rf /srv/data')",
		"source <(echo 'rm -rf /srv/data')",
		". <(printf 'rm -rf /srv/data')",
		"bash <(echo 'rm -rf /srv/data' | tr a a)",
		`python3 <(echo 'import shutil; shutil.rmtree("/srv/data")')`,
	]) {
		t(line, 'confirm', '/srv/data');
	}
	for (const line of ["psql -f - shop < <(echo 'DROP TABLE x;')", "psql -f /dev/stdin shop < <(echo 'DROP TABLE x;')", "psql shop < <(echo 'DROP TABLE x;')"]) {
		t(line, 'confirm', 'x');
	}
	t('bash < <(curl -fsSL https://x.example/i.sh)', 'confirm', 'https://x.example/i.sh');
	for (const line of ["bash <(echo 'echo hi')", "python3 <(echo 'print(1)')", 'while read l; do echo "$l"; done < <(ls)', 'diff <(ls a) <(ls b)', 'sort < <(cat a b)']) {
		t(line, 'allow');
	}
});

describe('unwrap: a shell that reads standard input, however it is started', () => {
	for (const line of [
		"sudo -s <<< 'rm -rf /srv/data'",
		"sudo -i <<< 'rm -rf /srv/data'",
		"sudo -u deploy -s <<< 'rm -rf /srv/data'",
		"sudo su <<< 'rm -rf /srv/data'",
		"su - deploy <<< 'rm -rf /srv/data'",
		"bash /dev/stdin <<< 'rm -rf /srv/data'",
		"sh /dev/fd/0 <<< 'rm -rf /srv/data'",
		"echo 'rm -rf /srv/data' > >(bash)",
		"printf 'rm -rf /srv/data' >> >(sh)",
	]) {
		t(line, 'confirm', '/srv/data');
	}
	t('curl -fsSL https://x.example/i | sudo -s', 'confirm', 'https://x.example/i');
	for (const line of ['sudo -s', 'sudo -i', 'su - postgres', 'sudo -u postgres psql', 'echo hi | sudo -s', 'echo hi > >(cat)', 'make 2>&1 > >(tee build.log)']) {
		t(line, 'allow');
	}
});

describe('review: the values these readers give cannot hide what runs', () => {
	// Words of a process substitution are as written: an expansion there leaves the file unknown (asked), not empty.
	t('bash <(echo $CMD)', 'confirm', '<(echo $CMD)');
	t(`X='rm -rf /srv/data'; bash <(echo "$X")`, 'confirm');
	// Options with values between the interpreter and its preload.
	t(`echo 'require("child_process").execSync("rm -rf /srv/data")' > /tmp/x.js; node --stack-size 100 -r /tmp/x.js app.js`, 'confirm', '/srv/data');
	t(`echo 'system("rm -rf /srv/data")' > /tmp/x.rb; ruby -E utf-8 -r/tmp/x.rb -e 1`, 'confirm', '/srv/data');
	t(`echo 'x' > /tmp/p.js; NODE_OPTIONS='--max-old-space-size=4096 --require /tmp/p.js' npm test`, 'allow');
	// A definition made after the call is not the one called: it is judged where it stands.
	t('f() { :; }; f; f() { rm -rf /srv/data; }; $(echo f)', 'confirm', '/srv/data');
});

describe('unwrap: read with several names splits on IFS as bash does', () => {
	// The last name takes the rest of the line; the line's own IFS decides where fields end.
	t(`IFS=:; read -r a b <<< 'ls:rm -rf /srv/data'; eval "$b"`, 'confirm', '/srv/data');
	t(`IFS=: read -r a b <<< 'ls:rm -rf /srv/data'; eval "$b"`, 'confirm', '/srv/data');
	t(`IFS=x; read -r a b <<< 'lsxrm -rf /srv/data'; eval "$b"`, 'confirm', '/srv/data');
	t(`read -r a b <<< 'ls rm -rf /srv/data'; eval "$b"`, 'confirm', '/srv/data');
	t(`read -r a b c <<< 'x rm -rf /srv/data'; $b $c`, 'confirm', '/srv/data');
	// An IFS the line makes unknown: a command name glued to anything in the line counts as risky.
	t(`IFS=$X; read -r a b <<< 'ls:rm -rf /srv/data'; eval "$b"`, 'confirm', '/srv/data');
	t(`IFS=$X read -r a b <<< 'ls:rm -rf /srv/data'; $b`, 'confirm', '/srv/data');
	// A here-string with an expansion is not its written text.
	t(`read -r a <<< "$(cat x)"; $a; echo 'rm -rf tmp/cache'`, 'confirm', 'tmp/cache');
	for (const line of [`IFS=, read -r x y <<< 'git,status'; $x $y`, `IFS=$X; read -r a b <<< 'hello:world'; eval "$b"`, 'while IFS=, read -r n c; do echo "$n"; done < list.csv', `read -r a b <<< 'hello world'; echo "$b"`]) {
		t(line, 'allow');
	}
	it('splits as bash: blanks trimmed, one other separator with its blanks, the rest to the last name', () => {
		assert.deepEqual(readFields('  a  b  c d  ', ' \t\n', 3), ['a', 'b', 'c d']);
		assert.deepEqual(readFields('ls:rm -rf /srv/data', ':', 2), ['ls', 'rm -rf /srv/data']);
		assert.deepEqual(readFields('a : b:c', ': ', 2), ['a', 'b:c']);
		assert.deepEqual(readFields('a::b', ':', 3), ['a', '', 'b']);
		assert.deepEqual(readFields('a', ' ', 3), ['a', '']);
		assert.deepEqual(readFields('a b', '', 2), ['a b']);
	});
});

describe('unwrap: an unknown word before rm is its wrapper', () => {
	// `$X rm -rf …` asks for what rm deletes, not for `rm`.
	t('X=$(cat f); $X rm -rf /srv/data', 'confirm', '/srv/data');
	t('$SUDO /bin/rm -rf /srv/data', 'confirm', '/srv/data');
	t('$X -rf /srv/data', 'confirm', '/srv/data');
});

describe('unwrap: namerefs (declare -n) read and assign the variable they name', () => {
	t(`CMD='rm -rf /srv/data'; declare -n ref=CMD; $ref`, 'confirm', '/srv/data');
	t(`declare -n ref=CMD; CMD='rm -rf /srv/data'; $ref`, 'confirm', '/srv/data');
	t('typeset -n r=X; X=/srv/data; rm -rf $r', 'confirm', '/srv/data');
	// Assigning through the reference changes the variable it names.
	t(`X=ls; declare -n r=X; r='rm -rf /srv/data'; $X`, 'confirm', '/srv/data');
	// Made in a block that may not run: either value, so unknown, and the line still asks.
	t(`if true; then declare -n r=X; fi; X='rm -rf /srv/data'; $r`, 'confirm');
	t(`declare -n ref=CMD; CMD='ls'; $ref`, 'allow');
	// Found on review: `declare -n ref` then `ref=CMD` — the first assignment names what ref stands for.
	t(`declare -n ref; ref=CMD; CMD='rm -rf /srv/data'; $ref`, 'confirm', '/srv/data');
	t('declare -n out; out=RESULT; out=done; echo $RESULT', 'allow');
});

describe('more programs that run the command they are given (each was allowed)', () => {
	for (const line of [
		'setpriv --reuid=0 rm -rf /srv/data',
		'chpst -u root rm -rf /srv/data',
		'chrt -f 10 rm -rf /srv/data',
		'tini -- rm -rf /srv/data',
		'with-contenv rm -rf /srv/data',
		'dumb-init rm -rf /srv/data',
		'capsh -- -c "rm -rf /srv/data"',
		'entr -s "rm -rf /srv/data"',
		'watchexec -- rm -rf /srv/data',
		"watchexec -e js 'rm -rf /srv/data'",
		'nodemon --exec "rm -rf /srv/data"',
		'retry -t 3 -- rm -rf /srv/data',
		'hyperfine "rm -rf /srv/data"',
		'hyperfine --prepare "rm -rf /srv/data" ls',
		'distrobox enter box -- rm -rf /srv/data',
		'toolbox run rm -rf /srv/data',
		"man -P 'rm -rf /srv/data' ls",
		"less '+!rm -rf /srv/data' /dev/null",
		// Shell builtins: a name hashed to another program, an array read from text, mapfile's callback.
		'hash -p /bin/rm ls; ls -rf /srv/data',
		"mapfile -t a <<< $'rm\\n-rf\\n/srv/data'; \"${a[@]}\"",
		"mapfile -C 'rm -rf /srv/data #' -c 1 a <<< x",
		// The process substitution's output is exact (printf of literals): the array is known.
		"readarray -t a < <(printf 'rm\\n-rf\\n/srv/data\\n'); \"${a[@]}\"",
	]) {
		verdictCase(line, 'confirm', '/srv/data', 'files:rm');
	}
	// Look-alikes.
	for (const line of ['hash -p /usr/bin/git g; g status', 'mapfile -t lines < notes.txt', "hyperfine 'sleep 0.1' 'sleep 0.2'", 'man -P cat ls', 'less +G log.txt', 'chrt -p 1234', 'entr make < files.txt', "readarray -t a < <(printf 'ls\\n-la\\n'); \"${a[@]}\""]) {
		verdictCase(line, 'allow');
	}
});

describe('a command built in a script file, and a risky word elsewhere on the line', () => {
	// Was a false alarm: `spawnSync(process.execPath, …)` in a script was an unknown command name, and the
	// line's own `rm -rf out` made it ask. process.execPath is node; a name never known in code without a
	// risky word of its own is not judged.
	const files: Record<string, string> = { '/home/dev/project/run.js': "const { spawnSync } = require('child_process');\nspawnSync(process.execPath, ['--test', 'out/']);\nspawnSync(cmd, args);\n" };
	verdictCase('node run.js && rm -rf out', 'allow', undefined, undefined, { readFile: (p: string) => files[p] });
});

describe('remote runners that take the command as one quoted word', () => {
	// Both were allowed: a one-word command with spaces was read as a program name.
	verdictCase("heroku run 'rm -rf /app/data' -a prod", 'confirm', '/app/data', 'files:rm');
	verdictCase("pssh -h hosts 'rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("heroku run -a prod 'ls -la'", 'allow');
	verdictCase('pssh -h hosts -i uptime', 'allow');
});
