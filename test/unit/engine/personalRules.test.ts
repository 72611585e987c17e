/**
 * The personal rules files hooks read with no editor (src/engine/personalRules.ts), written by the
 * editor's writer (src/ui/personalRulesFile.ts): what is trusted, what is refused and why, and that
 * nothing in a file can make a verdict weaker.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
	inProductionFolder, MAX_PERSONAL_RULES_BYTES, parsePersonalRules, personalContext, personalRulesDir, readPersonalRules, terminalGuardDir, writableByOthers,
	type PersonalRules, type PersonalRulesData,
} from '../../../src/engine/personalRules';
import { ensurePersonalRulesDir, personalRulesFileName, writePersonalRulesFile } from '../../../src/ui/personalRulesFile';

const posix = process.platform !== 'win32';
/** The compiled writer, for tests that run it in another process. */
const WRITER = require.resolve('../../../src/ui/personalRulesFile');

function rules(overrides: Partial<Omit<PersonalRulesData, 'v'>> = {}): Omit<PersonalRulesData, 'v'> {
	return { writtenBy: 'test', written: new Date().toISOString(), deny: [], patterns: [], protectedPaths: [], production: { everywhere: false, folders: [] }, ...overrides };
}

function refused(result: PersonalRules): { file: string; problem: string } {
	assert.equal(result.kind, 'refused', JSON.stringify(result));
	return result as { file: string; problem: string };
}

function joined(result: PersonalRules): Extract<PersonalRules, { kind: 'rules' }> {
	assert.equal(result.kind, 'rules', JSON.stringify(result));
	return result as Extract<PersonalRules, { kind: 'rules' }>;
}

describe('personal rules: the writer', () => {
	let home: string;
	beforeEach(() => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-personal-'));
	});
	afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

	it('writes 0600 in 0700 folders, and the reader gets back exactly the rules written', () => {
		const file = writePersonalRulesFile(home, 'code-abc.json', rules({ deny: ['^git push'], protectedPaths: ['secrets/**'], patterns: [{ match: 'make nuke', severity: 'high', reason: 'mine' }], production: { everywhere: false, folders: ['/srv/prod'] } }));
		assert.equal(path.dirname(file), personalRulesDir(home));
		if (posix) {
			assert.equal(fs.statSync(file).mode & 0o777, 0o600);
			assert.equal(fs.statSync(personalRulesDir(home)).mode & 0o777, 0o700);
			assert.equal(fs.statSync(terminalGuardDir(home)).mode & 0o777, 0o700);
		}
		const read = joined(readPersonalRules(home));
		assert.deepEqual(read.config.deny, ['^git push']);
		assert.deepEqual(read.config.protectedPaths, ['secrets/**']);
		assert.deepEqual(read.config.patterns?.map((p) => [p.match, p.severity, p.reason]), [['make nuke', 'high', 'mine']]);
		assert.deepEqual(read.productionFolders, ['/srv/prod']);
		assert.deepEqual(fs.readdirSync(personalRulesDir(home)), ['code-abc.json'], 'no temp file is left behind');
	});

	it('narrows an existing ~/.terminal-guard of ours that others may enter to 0700', { skip: !posix && 'POSIX modes' }, () => {
		fs.mkdirSync(terminalGuardDir(home), { mode: 0o777 });
		fs.chmodSync(terminalGuardDir(home), 0o777);
		writePersonalRulesFile(home, 'a.json', rules());
		assert.equal(fs.statSync(terminalGuardDir(home)).mode & 0o777, 0o700);
	});

	it('a symbolic link planted where the file goes is replaced, and what it pointed at is untouched', () => {
		const victim = path.join(home, 'victim.txt');
		fs.writeFileSync(victim, 'keep me');
		ensurePersonalRulesDir(home);
		const file = path.join(personalRulesDir(home), 'a.json');
		fs.symlinkSync(victim, file);
		writePersonalRulesFile(home, 'a.json', rules({ deny: ['x'] }));
		assert.equal(fs.readFileSync(victim, 'utf8'), 'keep me');
		assert.ok(fs.lstatSync(file).isFile());
		assert.deepEqual(joined(readPersonalRules(home)).config.deny, ['x']);
	});

	it('a FIFO planted where the file goes is replaced without blocking', { skip: !posix && 'FIFOs' }, () => {
		ensurePersonalRulesDir(home);
		const file = path.join(personalRulesDir(home), 'a.json');
		assert.equal(spawnSync('mkfifo', [file]).status, 0);
		// In another process, so a writer that opened the FIFO (and waited for a reader) is killed and reported.
		const write = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(WRITER)}).writePersonalRulesFile(${JSON.stringify(home)}, 'a.json', ${JSON.stringify(rules())})`], { timeout: 10000, killSignal: 'SIGKILL', encoding: 'utf8' });
		assert.equal(write.signal, null, 'the writer blocked on the FIFO');
		assert.equal(write.status, 0, write.stderr);
		assert.ok(fs.lstatSync(file).isFile());
	});

	it('refuses a ~/.terminal-guard that is a symbolic link (it would write somewhere else)', () => {
		const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-elsewhere-'));
		try {
			fs.symlinkSync(elsewhere, terminalGuardDir(home));
			assert.throws(() => writePersonalRulesFile(home, 'a.json', rules()), /symbolic link/);
		} finally {
			fs.rmSync(elsewhere, { recursive: true, force: true });
		}
	});

	it('names files per editor profile, in the reader\'s pattern', () => {
		const a = personalRulesFileName('Visual Studio Code', '/home/me/.config/Code/User/globalStorage/terminal-guard.terminal-guard');
		const b = personalRulesFileName('Cursor', '/home/me/.config/Cursor/User/globalStorage/terminal-guard.terminal-guard');
		assert.match(a, /^visual-studio-code-[0-9a-f]{12}\.json$/);
		assert.match(b, /^cursor-[0-9a-f]{12}\.json$/);
		assert.notEqual(a, personalRulesFileName('Visual Studio Code', '/home/me/.config/Code/User/profiles/1a2b/globalStorage/terminal-guard.terminal-guard'));
	});

	it('is atomic: a reader running beside 300 rewrites never sees half a file', async () => {
		writePersonalRulesFile(home, 'a.json', rules({ deny: ['first'] }));
		// A second process rewrites the file with growing rules while this one reads it.
		const writer = `
			const { writePersonalRulesFile } = require(${JSON.stringify(WRITER)});
			for (let i = 0; i < 300; i++) {
				writePersonalRulesFile(${JSON.stringify(home)}, 'a.json', { writtenBy: 'w', written: '', deny: Array.from({ length: 200 + (i % 7) * 300 }, (_, j) => 'rule-' + i + '-' + j), patterns: [], protectedPaths: [], production: { everywhere: false, folders: [] } });
			}`;
		const child = spawnAsync(process.execPath, ['-e', writer]);
		let reads = 0;
		while (!child.done) {
			const result = readPersonalRules(home);
			assert.equal(result.kind, 'rules', JSON.stringify(result));
			reads++;
			await new Promise((resolve) => setImmediate(resolve));
		}
		assert.equal(await child.status, 0);
		assert.ok(reads > 0);
		assert.deepEqual(fs.readdirSync(personalRulesDir(home)), ['a.json']);
	});
});

function spawnAsync(command: string, args: string[]): { done: boolean; status: Promise<number | null> } {
	const handle = { done: false, status: Promise.resolve<number | null>(null) };
	const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
	handle.status = new Promise((resolve) => child.on('exit', (code) => {
		handle.done = true;
		resolve(code);
	}));
	return handle;
}

describe('personal rules: the reader refuses what it cannot trust', () => {
	let home: string;
	let file: string;
	beforeEach(() => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-personal-'));
		file = writePersonalRulesFile(home, 'a.json', rules({ deny: ['^git status$'] }));
	});
	afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

	it('no folder or no file: built-in rules only ("none")', () => {
		const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-personal-'));
		try {
			assert.equal(readPersonalRules(empty).kind, 'none');
			ensurePersonalRulesDir(empty);
			assert.equal(readPersonalRules(empty).kind, 'none');
		} finally {
			fs.rmSync(empty, { recursive: true, force: true });
		}
	});

	it('a file others may write (0666, 0620) -> refused, naming the mode', { skip: !posix && 'POSIX modes' }, () => {
		for (const mode of [0o666, 0o620, 0o602]) {
			fs.chmodSync(file, mode);
			assert.match(refused(readPersonalRules(home)).problem, new RegExp(`others may change it \\(mode ${mode.toString(8)}\\)`));
		}
		fs.chmodSync(file, 0o644);
		assert.equal(readPersonalRules(home).kind, 'rules', 'others reading it is harmless: the rules are not secret');
	});

	it('a folder others may write -> refused', { skip: !posix && 'POSIX modes' }, () => {
		fs.chmodSync(personalRulesDir(home), 0o733);
		assert.equal(refused(readPersonalRules(home)).file, personalRulesDir(home));
		fs.chmodSync(personalRulesDir(home), 0o700);
		fs.chmodSync(terminalGuardDir(home), 0o777);
		assert.equal(refused(readPersonalRules(home)).file, terminalGuardDir(home));
	});

	it('a file of another user -> refused', { skip: !posix && 'POSIX owners' }, () => {
		if (process.getuid?.() === 0) {
			fs.chownSync(file, 65534, 65534);
			assert.match(refused(readPersonalRules(home)).problem, /belongs to user 65534, not to you \(0\)/);
		} else {
			// Without root no file can be given away; a file that is not ours is judged the same way.
			assert.match(writableByOthers(fs.lstatSync('/etc/passwd'), 'file') ?? '', /belongs to user 0, not to you/);
		}
	});

	it('a symbolic link in place of the file -> refused, even to a good file of ours', () => {
		const real = path.join(home, 'real.json');
		fs.copyFileSync(file, real);
		fs.rmSync(file);
		fs.symlinkSync(real, file);
		assert.match(refused(readPersonalRules(home)).problem, /symbolic link/);
	});

	it('a symbolic link in place of the folder -> refused', () => {
		const moved = path.join(home, 'moved');
		fs.renameSync(personalRulesDir(home), moved);
		fs.symlinkSync(moved, personalRulesDir(home));
		assert.match(refused(readPersonalRules(home)).problem, /symbolic link/);
	});

	it('a FIFO or a folder in place of the file -> refused at once (nothing waits for a writer)', { skip: !posix && 'FIFOs' }, () => {
		fs.rmSync(file);
		assert.equal(spawnSync('mkfifo', [file]).status, 0);
		assert.match(refused(readPersonalRules(home)).problem, /not a regular file/);
		fs.rmSync(file);
		fs.mkdirSync(file);
		assert.match(refused(readPersonalRules(home)).problem, /not a regular file/);
	});

	it('a huge file -> refused', () => {
		fs.writeFileSync(file, `{"v":1,"deny":["${'a'.repeat(MAX_PERSONAL_RULES_BYTES)}"]}`);
		assert.match(refused(readPersonalRules(home)).problem, /larger than 1024 KB/);
	});

	it('half a file (cut off mid-write) and bad JSON -> refused with the parser\'s words', () => {
		const whole = fs.readFileSync(file, 'utf8');
		fs.writeFileSync(file, whole.slice(0, Math.floor(whole.length / 2)));
		assert.match(refused(readPersonalRules(home)).problem, /^it is not valid JSON \(/);
		fs.writeFileSync(file, '');
		assert.match(refused(readPersonalRules(home)).problem, /not valid JSON/);
	});

	it('too many files -> refused', () => {
		for (let i = 0; i < 65; i++) {
			fs.copyFileSync(file, path.join(personalRulesDir(home), `extra-${i}.json`));
		}
		assert.match(refused(readPersonalRules(home)).problem, /holds 66 rules files/);
	});

	it('one bad file among good ones refuses them all (the person\'s rules are unknown)', () => {
		writePersonalRulesFile(home, 'b.json', rules({ deny: ['other'] }));
		fs.writeFileSync(path.join(personalRulesDir(home), 'c.json'), '{"v":1}');
		assert.equal(refused(readPersonalRules(home)).file, path.join(personalRulesDir(home), 'c.json'));
	});

	it('temp files and other names are passed over', () => {
		fs.writeFileSync(path.join(personalRulesDir(home), '.a.json.1234.tmp'), '{"half');
		fs.writeFileSync(path.join(personalRulesDir(home), 'notes.txt'), 'hello');
		assert.deepEqual(joined(readPersonalRules(home)).config.deny, ['^git status$']);
	});
});

describe('personal rules: the format', () => {
	const good = { v: 1, writtenBy: 'x', written: '', deny: [], patterns: [], protectedPaths: [], production: { everywhere: false, folders: [] } };
	const cases: [string, unknown, RegExp][] = [
		['not an object', [1], /not hold a JSON object/],
		['no version', { ...good, v: undefined }, /format version/],
		['deny not a list', { ...good, deny: '^rm' }, /"deny" must be a list of strings/],
		['deny with a number', { ...good, deny: ['^rm', 3] }, /"deny" must be a list of strings/],
		['no deny at all', { ...good, deny: undefined }, /"deny" must be a list/],
		['protectedPaths not strings', { ...good, protectedPaths: [{}] }, /"protectedPaths"/],
		['a pattern without match', { ...good, patterns: [{ severity: 'high' }] }, /item 1 has no "match"/],
		['a pattern with an unknown severity', { ...good, patterns: [{ match: 'x', severity: 'none-at-all' }] }, /bad "severity"/],
		['production missing', { ...good, production: undefined }, /"production" must be an object/],
		['production.everywhere a string', { ...good, production: { everywhere: 'yes', folders: [] } }, /"everywhere" true or false/],
		['a relative production folder', { ...good, production: { everywhere: false, folders: ['prod'] } }, /not an absolute path/],
	];
	for (const [name, value, problem] of cases) {
		it(`${name} -> refused`, () => {
			const result = parsePersonalRules(JSON.stringify(value));
			assert.equal(typeof result, 'string');
			assert.match(result as string, problem);
		});
	}

	it('an "allow" key is never read: a planted allow cannot loosen anything', () => {
		const result = parsePersonalRules(JSON.stringify({ ...good, allow: ['.*'] }));
		assert.equal(typeof result, 'object');
		assert.equal('allow' in (result as object), false);
		const context = personalContext({ kind: 'rules', dir: '/d', files: ['/d/a.json'], config: result as PersonalRulesData, productionEverywhere: false, productionFolders: [] }, '/w', '/home/me');
		assert.equal(context.config.allow, undefined);
	});

	it('a newer version with extra fields is read for the fields it knows', () => {
		const result = parsePersonalRules(JSON.stringify({ ...good, v: 2, deny: ['a'], later: { something: true } }));
		assert.deepEqual((result as PersonalRulesData).deny, ['a']);
	});

	it('several files join as a union; production anywhere wins', () => {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-personal-'));
		try {
			writePersonalRulesFile(home, 'code.json', rules({ deny: ['a'], production: { everywhere: false, folders: ['/srv/one'] } }));
			writePersonalRulesFile(home, 'cursor.json', rules({ deny: ['b'], protectedPaths: ['p'], production: { everywhere: true, folders: ['/srv/two'] } }));
			const read = joined(readPersonalRules(home));
			assert.deepEqual([...read.config.deny!].sort(), ['a', 'b']);
			assert.deepEqual(read.config.protectedPaths, ['p']);
			assert.equal(read.productionEverywhere, true);
			assert.deepEqual([...read.productionFolders].sort(), ['/srv/one', '/srv/two']);
		} finally {
			fs.rmSync(home, { recursive: true, force: true });
		}
	});
});

describe('personal rules: production folders', () => {
	it('cwd inside, at, or beside a production folder', () => {
		assert.equal(inProductionFolder('/srv/prod', ['/srv/prod']), true);
		assert.equal(inProductionFolder('/srv/prod/app/db', ['/srv/prod']), true);
		assert.equal(inProductionFolder('/srv/production', ['/srv/prod']), false);
		assert.equal(inProductionFolder('/srv', ['/srv/prod']), false);
		assert.equal(inProductionFolder('/srv/prod/../other', ['/srv/prod']), false);
	});

	it('a symbolic link into a production folder is inside it', () => {
		const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-prodlink-')));
		try {
			fs.mkdirSync(path.join(base, 'prod', 'app'), { recursive: true });
			fs.symlinkSync(path.join(base, 'prod', 'app'), path.join(base, 'innocent'));
			assert.equal(inProductionFolder(path.join(base, 'innocent'), [path.join(base, 'prod')]), true);
		} finally {
			fs.rmSync(base, { recursive: true, force: true });
		}
	});

	it('no file: Terminal Guard\'s own folder is still protected', () => {
		assert.deepEqual(personalContext({ kind: 'none', dir: '/d' }, '/w', '/home/me'), { config: { protectedPaths: ['/home/me/.terminal-guard', '/home/me/.terminal-guard/**'] }, production: false });
	});
});
