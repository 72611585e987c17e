/**
 * One-liner translation: calls in Python, JavaScript, Ruby, Perl and PHP code become the shell
 * commands they amount to (argv, a shell line, SQL for `@sql`, mongosh code for `@mongo`).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bareArguments, callArguments, scriptInvocations, stringLiteral, type ScriptLanguage, type SyntheticCommand } from '../../../src/engine/shell/scripts';
import { useEngine, verdictCase } from '../helpers';

useEngine();

/** Each synthetic command as one readable string: `rm -rf x`, `sh: rm -rf x`, `@sql <<< DROP…`. */
function show(c: SyntheticCommand): string {
	if (c.kind === 'shell') {
		return `sh: ${c.text}`;
	}
	return c.stdin !== undefined ? `${c.argv.join(' ')} <<< ${c.stdin}` : c.argv.join(' ');
}

function translates(language: ScriptLanguage, code: string, expected: string[]): void {
	it(`${language}: ${JSON.stringify(code)} → ${JSON.stringify(expected)}`, () => {
		assert.deepEqual(scriptInvocations(language, code).map(show), expected);
	});
}

describe('scripts: literals and arguments', () => {
	it('reads string literals of every flavour', () => {
		assert.equal(stringLiteral("'x'"), 'x');
		assert.equal(stringLiteral('"a\\"b"'), 'a"b');
		assert.equal(stringLiteral("r'C:\\\\tmp'"), 'C:\\tmp');
		assert.equal(stringLiteral("f'rm -rf {d}'"), 'rm -rf {d}');
		assert.equal(stringLiteral('"""doc"""'), 'doc');
		assert.equal(stringLiteral('`plain`'), 'plain');
		assert.equal(stringLiteral('`with ${x}`'), undefined);
		assert.equal(stringLiteral('name'), undefined);
	});

	it('splits call arguments, respecting quotes and brackets', () => {
		const code = "run('a, b', [1, 2], {k: 'v)'}) + rest";
		assert.deepEqual(callArguments(code, 4).raw, ["'a, b'", '[1, 2]', "{k: 'v)'}"]);
	});

	it('splits arguments of a call without parentheses up to the end of the statement', () => {
		const code = 'unlink "a.db", "b.db"; print 1';
		assert.deepEqual(bareArguments(code, 7).raw, ['"a.db"', '"b.db"']);
		assert.deepEqual(bareArguments('system "rm -rf x" or die', 7).raw, ['"rm -rf x"']);
	});
});

describe('scripts: deleting files', () => {
	translates('python', "import shutil; shutil.rmtree('data')", ['rm -rf data']);
	translates('python', "shutil.rmtree(Path('data'), ignore_errors=True)", ['rm -rf data']);
	translates('python', "shutil.rmtree(os.path.join('var', 'cache'))", ['rm -rf var/cache']);
	translates('python', "os.remove('app.db')", ['rm app.db']);
	translates('python', "shutil.rmtree(os.path.expanduser('~'))", ['rm -rf ~']);
	translates('python', "shutil.rmtree(os.path.join(os.environ['HOME'], 'Documents'))", ['rm -rf $HOME/Documents']);
	translates('python', "shutil.rmtree(Path.home() / '.cache' / 'pip')", ['rm -rf ~/.cache/pip']);
	translates('javascript', "fs.rmSync(require('os').homedir(), { recursive: true })", ['rm -rf ~']);
	translates('javascript', "fs.rmSync(path.join(os.homedir(), 'projects'), { recursive: true })", ['rm -rf ~/projects']);
	translates('ruby', 'FileUtils.rm_rf(Dir.home)', ['rm -rf ~']);
	translates('python', "os.unlink('.env')", ['rm .env']);
	translates('python', "from pathlib import Path; Path('app.db').unlink()", ['rm app.db']);
	translates('python', "[os.remove(f) for f in os.listdir('uploads')]", ['rm -r uploads']);
	translates('python', "for f in glob.glob('logs/*.log'):\n    os.remove(f)", ['rm -f logs/*.log']);
	translates('python', "for root, dirs, files in os.walk('data'):\n    for f in files: os.remove(os.path.join(root, f))", ['rm -r data']);
	translates('javascript', "require('fs').rmSync('dist', {recursive: true, force: true})", ['rm -rf dist']);
	translates('javascript', "fs.rmSync('notes.txt')", ['rm notes.txt']);
	translates('javascript', "await fs.promises.rm('cache', { recursive: true })", ['rm -rf cache']);
	translates('javascript', "import { rm } from 'node:fs/promises'; await rm('out', { recursive: true })", ['rm -rf out']);
	translates('javascript', "fs.unlinkSync('.env')", ['rm .env']);
	translates('javascript', "fs.readdirSync('tmp').forEach(f => fs.unlinkSync(path.join('tmp', f)))", ['rm -r tmp']);
	translates('javascript', "require('rimraf').sync('build')", ['rm -rf build']);
	translates('javascript', "rimraf(['a', 'b'])", ['rm -rf a b']);
	translates('javascript', "Deno.removeSync('data', { recursive: true })", ['rm -rf data']);
	translates('ruby', "require 'fileutils'; FileUtils.rm_rf('tmp/cache')", ['rm -rf tmp/cache']);
	translates('ruby', 'FileUtils.rm_rf "public/assets"', ['rm -rf public/assets']);
	translates('ruby', "File.delete('db/production.sqlite3')", ['rm db/production.sqlite3']);
	translates('ruby', 'Dir.glob("log/*.log").each { |f| File.delete(f) }', ['rm -f log/*.log']);
	translates('perl', 'unlink "app.db"', ['rm app.db']);
	translates('perl', 'unlink("a.db", "b.db")', ['rm a.db']);
	translates('perl', 'unlink glob("*.sqlite")', ['rm *.sqlite']);
	translates('perl', 'use File::Path qw(rmtree); rmtree("build")', ['rm -rf build']);
	translates('perl', 'remove_tree "blib"', ['rm -rf blib']);
	translates('php', "unlink('storage/app.db');", ['rm storage/app.db']);
	translates('php', "array_map('unlink', glob('cache/*'));", ['rm cache/*']);
});

describe('scripts: overwriting files', () => {
	translates('python', "open('.env', 'w').write('')", ["sh: : > '.env'"]);
	translates('python', "open('notes.txt', mode='w')", ["sh: : > 'notes.txt'"]);
	translates('python', "open('log.txt', 'a').write('x')", ["sh: printf '%s' 'x' >> 'log.txt'"]);
	// What is written is the shell writing the same text: a literal is printed, anything else is only known when it runs.
	translates('python', "import os; open(os.path.expanduser('~/.bashrc'), 'a').write('unset PROMPT_COMMAND')", ["sh: printf '%s' 'unset PROMPT_COMMAND' >> '~/.bashrc'"]);
	translates('python', "with open('.git/hooks/pre-push', 'w') as f:\n    f.write('#!/bin/sh\\n')\n    f.writelines(['make test'])", ["sh: printf '%s' '#!/bin/sh\nmake test' > '.git/hooks/pre-push'"]);
	translates('python', "open('.git/hooks/pre-push', 'w').write(payload)", ["sh: cat > '.git/hooks/pre-push'"]);
	// Writes are looked for in a bounded window after the open: one past it makes the text unknown, not empty.
	translates('python', `f = open('.git/hooks/pre-push', 'w')\n${'#'.repeat(9000)}\nf.write('x')`, ["sh: cat > '.git/hooks/pre-push'"]);
	translates('python', "from pathlib import Path; Path('.husky/pre-commit').write_text('npx lint-staged')", ["sh: printf '%s' 'npx lint-staged' > '.husky/pre-commit'"]);
	translates('javascript', "require('fs').appendFileSync(require('os').homedir() + '/.bashrc', 'unset PROMPT_COMMAND')", ["sh: printf '%s' 'unset PROMPT_COMMAND' >> '~/.bashrc'"]);
	translates('javascript', "fs.writeFileSync(`${os.homedir()}/.zshrc`, data)", ["sh: cat > '~/.zshrc'"]);
	translates('php', "file_put_contents('/etc/cron.d/x', $t, FILE_APPEND);", ["sh: cat >> '/etc/cron.d/x'"]);
	translates('python', "open('config.json').read()", []);
	translates('javascript', "fs.writeFileSync('.env', '')", ["sh: : > '.env'"]);
	translates('ruby', "File.write('config/master.key', '')", ["sh: : > 'config/master.key'"]);
	translates('php', "file_put_contents('.env', '');", ["sh: : > '.env'"]);
});

describe('scripts: running shell commands', () => {
	translates('python', "import os; os.system('rm -rf build')", ['sh: rm -rf build']);
	translates('python', "subprocess.run(['rm', '-rf', 'x'])", ['rm -rf x']);
	translates('python', "subprocess.run('rm -rf x', shell=True, check=True)", ['sh: rm -rf x']);
	translates('python', "subprocess.check_call(['bash', '-c', 'rm -rf x'])", ['bash -c rm -rf x']);
	translates('python', "os.execvp('rm', ['rm', '-rf', 'x'])", ['rm -rf x']);
	translates('javascript', "require('child_process').execSync('rm -rf x')", ['sh: rm -rf x']);
	translates('javascript', "const { execSync } = require('child_process'); execSync('git push --force')", ['sh: git push --force']);
	translates('javascript', "cp.exec('rm -rf x')", ['sh: rm -rf x']);
	translates('javascript', "spawn('rm', ['-rf', 'x'])", ['rm -rf x']);
	translates('javascript', "execFileSync('rm', ['-rf', 'x'])", ['rm -rf x']);
	translates('javascript', "await execa('rm', ['-rf', 'x'])", ['rm -rf x']);
	translates('javascript', 'await $`rm -rf ${dir}`', ['sh: rm -rf ${dir}']);
	translates('javascript', "const re = /x/; re.exec('rm -rf x')", []);
	translates('ruby', "system('rm -rf x')", ['sh: rm -rf x']);
	translates('ruby', 'system "rm -rf x"', ['sh: rm -rf x']);
	translates('ruby', "system('rm', '-rf', 'x')", ['rm -rf x']);
	translates('ruby', '`rm -rf x`', ['sh: rm -rf x']);
	translates('ruby', '%x(rm -rf x)', ['sh: rm -rf x']);
	translates('perl', 'system("rm", "-rf", "x")', ['rm -rf x']);
	translates('perl', 'system "rm -rf x"', ['sh: rm -rf x']);
	translates('perl', 'qx{rm -rf x}', ['sh: rm -rf x']);
	translates('php', "shell_exec('rm -rf x');", ['sh: rm -rf x']);
	translates('php', "exec('rm -rf x', $out);", ['sh: rm -rf x']);
	translates('php', "passthru('rm -rf x');", ['sh: rm -rf x']);
});

describe('scripts: databases and HTTP', () => {
	translates('python', "cur.execute('DROP TABLE users')", ['@sql <<< DROP TABLE users']);
	translates('javascript', "await db.query('TRUNCATE orders')", ['@sql <<< TRUNCATE orders']);
	translates('python', "cur.execute('SELECT 1')", ['@sql <<< SELECT 1']);
	translates('python', "requests.delete('https://api.example.com/v1/x')", ['curl -X DELETE https://api.example.com/v1/x']);
	translates('javascript', "fetch('https://api.example.com/x', { method: 'DELETE' })", ['curl -X DELETE https://api.example.com/x --data { method: \'DELETE\' }']);
	translates('python', 'r.flushall()', ['redis-cli FLUSHALL']);
	translates('javascript', "client.db('shop').dropDatabase()", ['@mongo <<< db.dropDatabase()']);
	translates('python', 'db.orders.delete_many({})', ['@mongo <<< db.orders.deleteMany({})']);
});

describe('scripts: fork bombs and harmless code', () => {
	translates('perl', 'fork while fork', ['@fork-bomb fork']);
	translates('python', 'import os\nwhile True: os.fork()', ['@fork-bomb fork']);
	translates('python', "print('rm -rf /')", []);
	translates('python', "import os; print(os.listdir('.'))", []);
	translates('javascript', 'console.log(process.version)', []);
	translates('ruby', 'puts Dir.glob("*")', []);
	translates('perl', 'print "unlink me\\n"', []);
});

describe('scripts: judged through the interpreters', () => {
	const t = verdictCase;
	t("python3 -c \"import shutil; shutil.rmtree('victim')\"", 'confirm', 'victim');
	t("python3 -c \"import shutil; shutil.rmtree('node_modules')\"", 'allow');
	t("node -e \"require('fs').rmSync('dist', { recursive: true })\"", 'allow');
	t("python3 -c \"open('.env','w').write('')\"", 'confirm', '.env');
	t("python3 -c \"open('out.txt','w').write('x')\"", 'allow');
	t("perl -e 'fork while fork'", 'deny', 'this machine');
	t("python3 -c \"import os\nfor f in os.listdir('victim'): os.remove(os.path.join('victim', f))\"", 'confirm', 'victim');
	t("ruby -e 'Dir.glob(\"data/*.db\").each { |f| File.delete(f) }'", 'confirm', 'data/*.db');
});

describe('scripts: paths built with the path module under another name, or pathlib without spaces', () => {
	// A fake editor record written into ~/.terminal-guard/run was allowed: the path was built from pieces.
	translates('javascript', "const p=require('path'),o=require('os'); fs.writeFileSync(p.join(o.homedir(), '.terminal-guard', 'run', 'w.json'), '{}')", ["sh: printf '%s' '{}' > '~/.terminal-guard/run/w.json'"]);
	translates('javascript', "fs.rmSync(p.join(o.homedir(), 'projects'), { recursive: true })", ['rm -rf ~/projects']);
	translates('python', "(pathlib.Path.home()/'.terminal-guard'/'run'/'w.json').write_text('{}')", ["sh: printf '%s' '{}' > '~/.terminal-guard/run/w.json'"]);
	translates('python', "(Path('/srv') / 'data.db').unlink()", ['rm /srv/data.db']);
	translates('javascript', "console.log(['a', 'b'].join('/'))", []);
});

const t = verdictCase;

describe('scripts: commands the code builds from the program\'s arguments, concatenation and interpolation', () => {
	// Each was allowed: the command's text was not one literal, so nothing was judged.
	t("python3 -c 'import os,sys; os.system(sys.argv[1])' 'rm -rf /srv/data'", 'confirm', '/srv/data');
	t("node -e 'require(\"child_process\").execSync(process.argv[1])' 'rm -rf /srv/data'", 'confirm', '/srv/data');
	t("perl -e 'system $ARGV[0]' 'rm -rf /srv/data'", 'confirm', '/srv/data');
	t("ruby -e 'system ARGV[0]' 'rm -rf /srv/data'", 'confirm', '/srv/data');
	t("node -e 'require(\"child_process\").execSync(\"rm -rf \" + process.argv[1])' /srv/data", 'confirm', '/srv/data');
	t("node -e 'require(\"child_process\").execSync(`rm -rf ${process.argv[1]}`)' /srv/data", 'confirm', '/srv/data');
	t("python3 -c 'import os,sys; os.system(f\"rm -rf {sys.argv[1]}\")' /srv/data", 'confirm', '/srv/data');
	t("python3 -c 'import subprocess,sys; subprocess.run([\"rm\",\"-rf\",sys.argv[1]])' /srv/data", 'confirm', '/srv/data');
	t("perl -e 'system(\"rm\", \"-rf\", $ARGV[0])' /srv/data", 'confirm', '/srv/data');
	t("ruby -e 'system(\"rm -rf #{ARGV[0]}\")' /srv/data", 'confirm', '/srv/data');
	t("php -r 'system(\"rm -rf \" . $argv[1]);' /srv/data", 'confirm', '/srv/data');
	// A piece never known asks for the name it has in the code; a command name never known asks when the line holds risky words.
	t("python3 -c 'import subprocess; p=input(); subprocess.run([\"rm\",\"-rf\",p])'", 'confirm', '$p');
	t("python3 -c 'import os; os.system(chr(114)+\"m -rf /srv/data\")'", 'confirm', '/srv/data');
	// Look-alikes: the same shapes running harmless commands, or code with no risky word at all.
	t("node -e 'require(\"child_process\").execSync(process.argv[1])' 'ls -la'", 'allow');
	t("python3 -c 'import os; os.system(\"ls \" + d)'", 'allow');
	t("python3 -c 'import subprocess; subprocess.run(cmd)'", 'allow');
	t("python3 -c 'print(f\"{1+1}\")'", 'allow');
	t("perl -e 'system \"ls\" if 1'", 'allow');
});

describe('scripts: Perl and Ruby quote operators', () => {
	t("perl -e 'system q(rm -rf /srv/data)'", 'confirm', '/srv/data');
	t("perl -e 'system(qq{rm -rf /srv/data})'", 'confirm', '/srv/data');
	t("perl -e 'exec qw(rm -rf /srv/data)'", 'confirm', '/srv/data');
	t("perl -e 'my $x = qx!rm -rf /srv/data!'", 'confirm', '/srv/data');
	t("ruby -e 'system %q(rm -rf /srv/data)'", 'confirm', '/srv/data');
	t("ruby -e 'system(*%w[rm -rf /srv/data])'", 'confirm', '/srv/data');
	t("ruby -e 'puts %x{rm -rf /srv/data}'", 'confirm', '/srv/data');
	t("perl -e 'print qq{hello (world)}'", 'allow');
	t("ruby -e 'puts 7 % 3'", 'allow');
	t("perl -e 'my %h = (q => 1); print $h{q}'", 'allow');
});
