/**
 * The .vsix as users get it: `scripts/package.js` packages this machine's target, and the test
 * reads what is inside. It must hold what the extension needs at run time and nothing else; then
 * the extracted package must load node-pty (a real shell) and run its CLI (bundle + WASM).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extract, listEntries, type VsixEntry } from './vsix';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const TARGET = `${process.platform}-${process.arch}`;
const ptyDir = (target: string) => `extension/dist/node_modules/node-pty/prebuilds/${target}`;
const PTY_DIR = ptyDir(TARGET);

interface WalkthroughStep {
	media: { image?: string; svg?: string; markdown?: string; altText?: string };
}
interface Manifest {
	main: string;
	icon?: string;
	scripts?: unknown;
	devDependencies?: unknown;
	contributes: { walkthroughs?: { steps: WalkthroughStep[] }[]; jsonValidation?: { url: string }[] };
}

/** Every kind of file the package for `target` may hold; anything else is a leak. */
const expected = (target: string): RegExp[] => [
	/^extension\.vsixmanifest$/,
	/^\[Content_Types\]\.xml$/,
	/^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
	/^extension\/bin\/terminal-guard$/,
	/^extension\/(bin|dist)\/package\.json$/,
	/^extension\/dist\/(extension|cli|gate|hook|hook-entry|hook-engine|hook-tools)\.js$/,
	/^extension\/dist\/tree-sitter(-bash|-powershell)?\.wasm$/,
	/^extension\/dist\/node_modules\/node-pty\/(package\.json|LICENSE)$/,
	/^extension\/dist\/node_modules\/node-pty\/lib\/(?:[\w-]+\/)*[\w-]+\.js$/,
	new RegExp(`^${ptyDir(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[\\w./-]+$`),
	/^extension\/media\/icon\.png$/,
	/^extension\/media\/walkthrough\/[\w.-]+\.(md|svg|png)$/,
	/^extension\/media\/schema\/[\w.-]+\.schema\.json$/,
	/^extension\/media\/shell\/(bash|zsh|zsh-bridge|fish|sh)\/[\w.-]+$/,
];

/** Things that must never ship, with what they are (the message when one does). */
const FORBIDDEN: [RegExp, string][] = [
	[/^extension\/(src|test|out|bench|scripts|docs|\.vscode|\.ci|out-[\w-]+)\//, 'a development folder'],
	[/\.ts$/, 'a TypeScript source'],
	[/\.map$/, 'a source map'],
	[/\.(test|spec)\.js$/, 'a test'],
	[/^extension\/node_modules\//, 'a top-level node_modules (noise: everything the bundle already holds)'],
	[/node_modules\/(?!node-pty\/)/, 'a dependency other than node-pty'],
	[/node_modules\/node-pty\/(src|deps|third_party|typings|scripts|build)\//, "node-pty's sources or build tree"],
	[/node_modules\/node-pty\/(README\.md|binding\.gyp)$/, "node-pty's docs or build files"],
	[/node_modules\/node-pty\/prebuilds\/(?![^/]+\/)|\.pdb$/, 'a debug symbol file or stray prebuild'],
	[/^extension\/dist\/bench\//, 'the benchmark'],
	[/\.vsix$/, 'another package'],
];

function assertOnlyRuntimeFiles(entries: VsixEntry[], target: string): void {
	const allowed = expected(target);
	for (const { name } of entries) {
		if (name.endsWith('/')) {
			continue;
		}
		for (const [pattern, what] of FORBIDDEN) {
			assert.doesNotMatch(name, pattern, `${name} is ${what}`);
		}
		assert.ok(
			allowed.some((p) => p.test(name)),
			`${name} is not something the extension needs at run time`,
		);
	}
}

function packageTarget(target: string, out: string, env: NodeJS.ProcessEnv = {}) {
	const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.js'), '--target', target, '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 180000, env: { ...process.env, ...env } });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr, wrote: fs.existsSync(out) };
}

describe(`the ${TARGET} .vsix`, () => {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-package-'));
	const vsix = path.join(work, `terminal-guard-${TARGET}.vsix`);
	let entries: VsixEntry[] = [];
	let names = new Set<string>();
	let manifest: Manifest;

	before(async () => {
		const result = packageTarget(TARGET, vsix);
		assert.equal(result.status, 0, `npm run package failed:\n${result.stdout}\n${result.stderr}`);
		entries = await listEntries(vsix);
		names = new Set(entries.map((e) => e.name));
		await extract(vsix, path.join(work, 'x'));
		manifest = JSON.parse(fs.readFileSync(path.join(work, 'x', 'extension', 'package.json'), 'utf8'));
	});

	after(() => fs.rmSync(work, { recursive: true, force: true }));

	const has = (name: string) => assert.ok(names.has(name), `${name} is not in the package:\n  ${[...names].sort().join('\n  ')}`);

	it('holds the minified bundle, the CLI and the parser WASM files', () => {
		for (const file of ['dist/extension.js', 'dist/cli.js', 'dist/gate.js', 'dist/hook.js', 'dist/hook-entry.js', 'dist/hook-engine.js', 'dist/hook-tools.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-bash.wasm', 'dist/tree-sitter-powershell.wasm', 'bin/terminal-guard']) {
			has(`extension/${file}`);
		}
		assert.equal(`extension/${manifest.main.replace(/^\.\//, '')}`, 'extension/dist/extension.js');
		const bundle = fs.readFileSync(path.join(work, 'x', 'extension', 'dist', 'extension.js'), 'utf8');
		assert.doesNotMatch(bundle, /sourceMappingURL/, 'the bundle points at a source map');
		const lines = bundle.split('\n').length;
		assert.ok(bundle.length / lines > 2000, `the bundle is not minified (${lines} lines for ${bundle.length} characters)`);
	});

	it('gives bin/ and dist/ their own package scope, so Node reads no manifest at each hook', () => {
		for (const dir of ['bin', 'dist']) {
			has(`extension/${dir}/package.json`);
			assert.deepEqual(JSON.parse(fs.readFileSync(path.join(work, 'x', 'extension', dir, 'package.json'), 'utf8')), { type: 'commonjs' });
		}
	});

	it("holds node-pty with this target's native binary", () => {
		has('extension/dist/node_modules/node-pty/package.json');
		has('extension/dist/node_modules/node-pty/lib/index.js');
		has(`${PTY_DIR}/pty.node`);
		if (process.platform === 'darwin') {
			const helper = entries.find((e) => e.name === `${PTY_DIR}/spawn-helper`);
			assert.ok(helper && (helper.mode & 0o111) === 0o111, 'spawn-helper is missing or not executable');
		}
	});

	it('holds the icon, the walkthrough media, the LICENSE, README and CHANGELOG', () => {
		for (const file of ['LICENSE.txt', 'readme.md', 'changelog.md']) {
			has(`extension/${file}`);
		}
		assert.ok(manifest.icon, 'the manifest names no icon');
		has(`extension/${manifest.icon}`);
		const png = fs.readFileSync(path.join(work, 'x', 'extension', manifest.icon));
		assert.equal(png.toString('latin1', 1, 4), 'PNG', 'the icon is not a PNG');
		assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'the icon is smaller than 128×128');
		const walkthroughs = manifest.contributes.walkthroughs ?? [];
		assert.ok(walkthroughs.length > 0, 'the manifest contributes no walkthrough');
		for (const step of walkthroughs.flatMap((w) => w.steps)) {
			for (const media of [step.media.image, step.media.svg, step.media.markdown]) {
				if (media) {
					has(`extension/${media}`);
				}
			}
		}
		// The team policy's schema (jsonValidation) ships with it, or the editor cannot check the file.
		assert.ok((manifest.contributes.jsonValidation ?? []).length > 0, 'the manifest contributes no JSON schema');
		for (const { url } of manifest.contributes.jsonValidation ?? []) {
			has(`extension/${url.replace(/^\.\//, '')}`);
		}
		has('extension/media/shell/bash/init.bash');
		has('extension/media/shell/bash/hook.bash');
		has('extension/media/shell/bash/bridge.bash');
		has('extension/media/shell/zsh-bridge/.zshenv');
	});

	it('ships the manifest without scripts or development dependencies', () => {
		assert.equal(manifest.scripts, undefined);
		assert.equal(manifest.devDependencies, undefined);
	});

	it('lets in no sources, tests, maps, node_modules noise or other platforms', () => {
		assertOnlyRuntimeFiles(entries, TARGET);
	});

	it('loads node-pty from the package and runs a shell through it', async () => {
		const ptyModule = path.join(work, 'x', 'extension', 'dist', 'node_modules', 'node-pty');
		const pty: typeof import('node-pty') = require(ptyModule);
		const shell = process.platform === 'win32' ? 'cmd.exe' : '/bin/sh';
		const args = process.platform === 'win32' ? ['/c', 'echo pty-%OS%-ok'] : ['-c', 'echo "pty-$((6*7))-ok"'];
		const term = pty.spawn(shell, args, { cols: 80, rows: 24, cwd: work, env: { PATH: process.env.PATH ?? '' } });
		let output = '';
		term.onData((d) => (output += d));
		const code = await new Promise<number>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`the shell did not exit within 10s; it printed: ${output}`)), 10000);
			term.onExit(({ exitCode }) => {
				clearTimeout(timer);
				resolve(exitCode);
			});
		});
		assert.equal(code, 0);
		assert.match(output, process.platform === 'win32' ? /pty-\S+-ok/ : /pty-42-ok/);
	});

	it("runs the packaged CLI: the bundle finds its WASM parser and names the target of 'rm -rf victim'", () => {
		const result = spawnSync(process.execPath, [path.join(work, 'x', 'extension', 'bin', 'terminal-guard'), 'check', '--json', '--', 'rm -rf victim'], { cwd: work, encoding: 'utf8', timeout: 30000 });
		assert.equal(result.status, 1, result.stderr);
		assert.equal(JSON.parse(result.stdout).target, 'victim');
	});

	it('runs the packaged gate.js: with no editor it loads the CLI beside it, refuses the destructive line and lets the safe one run', () => {
		const gate = path.join(work, 'x', 'extension', 'dist', 'gate.js');
		const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(work, 'no-editor-home') };
		const refused = spawnSync(process.execPath, [gate, 'gate', '--', 'rm -rf victim'], { cwd: work, env, encoding: 'utf8', timeout: 30000 });
		assert.equal(refused.status, 126, refused.stderr);
		assert.match(refused.stderr, /Terminal Guard stopped: Deletes victim .*no editor with Terminal Guard is running/);
		const safe = spawnSync(process.execPath, [gate, 'gate', '--', 'ls -la'], { cwd: work, env, encoding: 'utf8', timeout: 30000 });
		assert.equal(safe.status, 0, safe.stderr);
	});
});

describe('the packager refuses a package that could not work', () => {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-package-refuse-'));
	after(() => fs.rmSync(work, { recursive: true, force: true }));


	it("node-pty's binary for another CPU or OS -> no package, and the message names the target", () => {
		const prebuilds = path.join(ROOT, 'node_modules', 'node-pty', 'prebuilds');
		const other = fs.readdirSync(prebuilds).find((d) => d !== TARGET && !d.endsWith(process.arch === 'x64' ? 'x64' : 'arm64'));
		assert.ok(other, `no prebuild for another platform in ${prebuilds}`);
		const r = packageTarget(TARGET, path.join(work, 'wrong-cpu.vsix'), { TG_NODE_PTY_NATIVE_DIR: path.join(prebuilds, other) });
		assert.equal(r.status, 1);
		assert.match(r.stderr, new RegExp(`is not a ${TARGET} binary`));
		assert.equal(r.wrote, false);
	});

	it('an unknown target -> no package, and the known ones are listed', () => {
		const r = packageTarget('solaris-sparc', path.join(work, 'unknown.vsix'));
		assert.equal(r.status, 1);
		assert.match(r.stderr, /unknown target "solaris-sparc"; one of: linux-x64, /);
		assert.equal(r.wrote, false);
	});
});

describe("macOS and Windows packages, built here from node-pty's prebuilds", () => {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-package-other-'));
	after(() => fs.rmSync(work, { recursive: true, force: true }));

	async function build(target: string): Promise<Map<string, VsixEntry>> {
		const out = path.join(work, `${target}.vsix`);
		const r = packageTarget(target, out);
		assert.equal(r.status, 0, `npm run package -- --target ${target} failed:\n${r.stdout}\n${r.stderr}`);
		const entries = await listEntries(out);
		assertOnlyRuntimeFiles(entries, target);
		return new Map(entries.map((e) => [e.name, e]));
	}

	it("darwin-arm64: pty.node and an executable spawn-helper, nothing of other platforms", async () => {
		const entries = await build('darwin-arm64');
		assert.ok(entries.has(`${ptyDir('darwin-arm64')}/pty.node`));
		const helper = entries.get(`${ptyDir('darwin-arm64')}/spawn-helper`);
		assert.ok(helper, 'spawn-helper is missing');
		assert.equal(helper.mode & 0o111, 0o111, `spawn-helper has mode ${helper.mode.toString(8)}: node-pty could not start a shell`);
	});

	it('win32-x64: pty.node, conpty and winpty files, no debug symbols', async () => {
		const entries = await build('win32-x64');
		for (const file of ['pty.node', 'conpty.node', 'conpty/conpty.dll', 'conpty/OpenConsole.exe', 'winpty-agent.exe', 'winpty.dll']) {
			assert.ok(entries.has(`${ptyDir('win32-x64')}/${file}`), `${file} is missing`);
		}
	});
});
