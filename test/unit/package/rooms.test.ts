/**
 * The rooms of src/ stay what the README says they are: each folder imports only the rooms below it.
 * Read from the sources' import statements, so a new file that breaks a rule fails here.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', '..', '..', '..', 'src');

function sources(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** Every module a file imports or re-exports, as a path relative to src/ ("engine/types") or a package name. */
function importsOf(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8');
	const found: string[] = [];
	for (const match of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
		const spec = match[1] ?? match[2] ?? match[3] ?? match[4];
		found.push(spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep).join('/') : spec);
	}
	return found;
}

function roomOf(file: string): string {
	return path.relative(SRC, file).split(path.sep)[0];
}

/** room → rooms (or packages) it must not import. */
const FORBIDDEN: Record<string, readonly string[]> = {
	engine: ['vscode', 'ui', 'terminal', 'agents', 'bridge', 'cli', 'onboarding'],
	bridge: ['vscode', 'ui', 'agents', 'cli', 'terminal', 'onboarding'],
	// `terminal-guard shell` and the gate run commands through the terminal room's judging and pty code.
	agents: ['vscode', 'ui', 'cli', 'onboarding'],
	cli: ['vscode', 'ui', 'onboarding'],
	terminal: ['ui', 'agents', 'cli', 'onboarding'],
	// The blast radius: local I/O below the editor, beside the engine it reads lines with.
	blast: ['vscode', 'ui', 'terminal', 'agents', 'bridge', 'cli', 'onboarding'],
};

describe('rooms', () => {
	const files = sources(SRC);

	it('reads imports the way the rules below need (self-check on known files)', () => {
		assert.ok(importsOf(path.join(SRC, 'extension.ts')).includes('vscode'));
		assert.ok(importsOf(path.join(SRC, "ui/guard.ts")).some((m) => m.startsWith("engine/")));
	});

	for (const [room, banned] of Object.entries(FORBIDDEN)) {
		it(`src/${room}/ imports none of ${banned.join(', ')}`, () => {
			const broken = files.filter((f) => roomOf(f) === room).flatMap((f) =>
				importsOf(f).filter((m) => banned.includes(m.split('/')[0])).map((m) => `${path.relative(SRC, f)} → ${m}`));
			assert.deepEqual(broken, []);
		});
	}

	it('AgentId is declared once', () => {
		const declared = files.filter((f) => /^export type AgentId\s*=/m.test(fs.readFileSync(f, 'utf8')));
		assert.deepEqual(declared.map((f) => path.relative(SRC, f)), ['agents/types.ts']);
	});

	it('policy helpers live in the engine, not in src/ui/', () => {
		assert.ok(!fs.existsSync(path.join(SRC, 'ui/strictest.ts')));
		assert.ok(fs.existsSync(path.join(SRC, 'engine/strictest.ts')));
	});
});
