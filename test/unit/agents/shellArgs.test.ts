/**
 * src/agents/shellArgs.ts: a shell's argv read as the shell reads it, and the line to judge for it;
 * checked against what real bash runs for the same argv. Codex's argv commands (commandText).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { parseShellArgs, substitutePositional } from '../../../src/agents/shellArgs';
import { commandText } from '../../../src/agents/types';
import { contextFor } from '../../../src/engine/context';
import { analyze, initParser } from '../../../src/engine/analyze';
import { shellPath } from '../terminal/shellHarness';

describe('parseShellArgs (bash family)', () => {
	const cases: [string[], string][] = [
		[[], 'stdin'],
		[['-l'], 'stdin'],
		[['-i', '--login'], 'stdin'],
		[['--norc', '--noprofile'], 'stdin'],
		[['-s'], 'stdin'],
		[['-s', 'a', 'b'], 'stdin'],
		[['--rcfile', 'x.sh', '-i'], 'stdin'],
		[['-o', 'vi'], 'stdin'],
		[['deploy.sh', 'prod'], 'script'],
		[['-e', 'deploy.sh'], 'script'],
		[['--', 'deploy.sh'], 'script'],
		[['-c'], 'unknown'],
		[['-o'], 'unknown'],
		[['-e', '--norc', '-c', 'x'], 'command'],
		[['-c', '--rcfile'], 'unknown'],
		[['-c', '-%', 'x'], 'unknown'],
		[['-c', '-l', 'x'], 'command'],
		[['-o', 'pipefail', '-c', 'x'], 'command'],
		[['-eo', 'pipefail', '-c', 'x'], 'command'],
		[['+O', 'extglob', '-c', 'x'], 'command'],
	];
	for (const [args, kind] of cases) {
		it(`bash ${JSON.stringify(args)} -> ${kind}`, () => {
			assert.equal(parseShellArgs('/bin/bash', args).kind, kind);
		});
	}

	it('the command string is the first operand after every option, as real bash sees it', () => {
		const forms: string[][] = [
			['-c', '-l', 'echo $0:$1', 'zero', 'one'],
			['-c', '--', 'echo $0:$1', 'zero', 'one'],
			['-c', '-e', 'echo $0:$1', 'zero', 'one'],
			['-c', '-', 'echo $0:$1', 'zero', 'one'],
			['-ec', 'echo $0:$1', 'zero', 'one'],
			['-c', '-o', 'pipefail', 'echo $0:$1', 'zero', 'one'],
			['--norc', '-c', 'echo $0:$1', 'zero', 'one'],
		];
		for (const args of forms) {
			const real = spawnSync(shellPath('bash'), args, { encoding: 'utf8' }).stdout;
			assert.equal(real, 'zero:one\n', `bash ${JSON.stringify(args)}`);
			const read = parseShellArgs('bash', args);
			assert.ok(read.kind === 'command');
			assert.deepEqual([read.commands, read.argv0, read.args], [['echo $0:$1'], 'zero', ['one']], JSON.stringify(args));
		}
	});

	it('fish: -c / --command / -C, and its operands as $argv', () => {
		assert.deepEqual(parseShellArgs('/usr/bin/fish', ['-c', 'rm -rf x', 'a']), { kind: 'command', commands: ['rm -rf x'], argv0: undefined, args: ['a'], fish: true });
		assert.deepEqual(parseShellArgs('fish', ['--command=ls', '-C', 'rm -rf x']).kind, 'command');
		assert.equal(parseShellArgs('fish', ['-l']).kind, 'stdin');
		assert.equal(parseShellArgs('fish', ['--weird']).kind, 'unknown');
	});
});

describe('substitutePositional', () => {
	it('gives the line bash would run, with the args quoted', () => {
		const cases: [string, string[], string][] = [
			['"$@"', ['rm', '-rf', 'important'], '"rm" "-rf" "important"'],
			['$@', ['rm', '-rf', 'my dir'], "rm -rf my dir"],
			['rm -rf "$1"', ['prod'], 'rm -rf "prod"'],
			['rm -rf $1', ['prod'], 'rm -rf prod'],
			['rm -rf ${1}', ['it\'s'], "rm -rf 'it'\\''s'"],
			['rm -rf "$*"', ['a', 'b'], 'rm -rf "a b"'],
			["echo '$1' \\$1 $$", ['x'], "echo '$1' \\$1 $$"],
			['echo "$0" $2', ['x'], 'echo "name" \'\''],
		];
		for (const [script, args, expected] of cases) {
			assert.equal(substitutePositional(script, 'name', args), expected, script);
		}
	});
});

describe('commandText (Codex argv)', () => {
	before(() => initParser());

	it('every wrapped form of rm -rf important gets the same decision as the plain line', () => {
		const context = contextFor({ cwd: '/tmp' });
		const plain = analyze('rm -rf important', context);
		assert.notEqual(plain.decision, 'allow');
		for (const argv of [['sh', '-c', '--', 'rm -rf important'], ['bash', '-c', '-l', 'rm -rf important'], ['bash', '-c', '"$@"', '_', 'rm', '-rf', 'important'], ['bash', '-c', 'rm -rf "$1"', '_', 'important']]) {
			const verdict = analyze(commandText(argv) ?? '', context);
			assert.equal(verdict.decision, plain.decision, JSON.stringify(argv));
			assert.equal(verdict.reason, plain.reason, JSON.stringify(argv));
		}
	});

	it('reads a shell argv as the shell does', () => {
		assert.equal(commandText(['bash', '-lc', 'rm -rf build']), 'rm -rf build');
		assert.equal(commandText(['sh', '-c', '--', 'rm -rf important']), 'rm -rf important');
		assert.equal(commandText(['bash', '-c', '-l', 'rm -rf important']), 'rm -rf important');
		assert.equal(commandText(['/bin/zsh', '-c', 'ls']), 'ls');
	});

	it('substitutes positional args and judges them as a line too', () => {
		assert.equal(commandText(['bash', '-c', '"$@"', '_', 'rm', '-rf', 'important']), '"rm" "-rf" "important"\nrm -rf important');
		assert.equal(commandText(['bash', '-c', 'rm -rf "$1"', '_', 'prod']), 'rm -rf "prod"\nprod');
	});

	it('other argv is joined with quotes', () => {
		assert.equal(commandText(['rm', '-rf', 'my dir', "it's"]), `rm -rf 'my dir' 'it'\\''s'`);
		assert.equal(commandText(['bash', 'deploy.sh']), 'bash deploy.sh');
		assert.equal(commandText([]), undefined);
	});
});
