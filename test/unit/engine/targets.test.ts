/**
 * Targets a person can type. A `confirm` asks a person to type the verdict's target, so across the
 * whole corpus no target the engine gives — the verdict's `target`, each of its `targets`, and each
 * hit's — may be a command's name (`rm`, `/bin/rm`, `crontab`), an option (`--all`, `-1`), a
 * placeholder or loop variable (`{}`, `%`, `$1`, `$f` of `for f in …`), empty, or a bare number;
 * and a verdict that is not `allow` always names one. This reads the verdicts the engine gives, not
 * the corpus's expected targets, so a rule's fallback shows up even where the corpus names no target.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { explain } from '../../../src/engine/analyze';
import { fallbackTarget, loopValues, typeableTargets, unparsedTarget } from '../../../src/engine/targets';
import { testContext, useEngine } from '../helpers';
import { loadCorpus } from './corpus';

useEngine();

/** Programs whose name is never the name of what a command destroys, whatever runs them. */
const KNOWN_COMMANDS = new Set([
	'rm', 'rmdir', 'unlink', 'shred', 'srm', 'find', 'gfind', 'fd', 'fdfind', 'xargs', 'parallel', 'git', 'kubectl', 'helm', 'curl',
	'wget', 'xh', 'psql', 'sudo', 'doas', 'bash', 'sh', 'zsh', 'env', 'eval', 'exec', 'docker', 'podman', 'terraform', 'aws', 'gcloud',
	'az', 'crontab', 'iptables', 'ip6tables', 'nft', 'reboot', 'shutdown', 'poweroff', 'halt', 'kill', 'killall', 'killall5', 'pkill',
	'dd', 'mkfs', 'redis-cli', 'mongosh', 'npx', 'ssh', 'systemctl', 'truncate', 'rsync', 'mv', 'cp',
]);

/**
 * A tool whose default object carries the tool's own name: `kind delete cluster` deletes the cluster
 * named `kind`, `minikube delete` the profile named `minikube`. There the name is the object's.
 */
const DEFAULT_NAMED_AFTER_TOOL = new Map([['kind', 'kubernetes:local-cluster-delete'], ['minikube', 'kubernetes:local-cluster-delete']]);

/** Variables a loop or `read` binds in the line: `for f in …`, `while read -r f`, `select f in …`. */
export function loopVariables(line: string): Set<string> {
	const names = new Set<string>();
	for (const m of line.matchAll(/\b(?:for|select)\s+([A-Za-z_]\w*)/g)) {
		names.add(m[1]);
	}
	for (const m of line.matchAll(/\bread((?:\s+-[a-zA-Z]+(?:\s+'[^']*'|\s+"[^"]*")?)*)((?:\s+[A-Za-z_]\w*)+)(?=\s*(?:[;&|)<\n]|$))/g)) {
		for (const name of m[2].trim().split(/\s+/)) {
			names.add(name);
		}
	}
	return names;
}

/**
 * Why `target` is not something a person can type to name what is destroyed, or undefined when it is.
 * `commands` are the names of the commands the line runs (as written and as matched).
 */
export function notAName(target: string, commands: ReadonlySet<string>, loops: ReadonlySet<string>, rule?: string): string | undefined {
	if (target.trim() === '') {
		return 'empty';
	}
	if (target.startsWith('-')) {
		return 'an option';
	}
	if (/\{\}/.test(target) || /^(?:%|_|@|\$[0-9@*#?!$-]|\$\{[0-9@*#]\})$/.test(target)) {
		return 'a placeholder';
	}
	const variable = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(target)?.[1];
	if (variable !== undefined && loops.has(variable)) {
		return 'a loop variable';
	}
	if (/^[+-]?\d+$/.test(target)) {
		return 'a bare number';
	}
	if (rule === 'engine:unknown-input' && target.includes('/')) {
		// `./y.sh` after `curl -o y.sh`: the program is the unknown file itself, named by its path.
		return undefined;
	}
	if (/^\$\(|^`/.test(target)) {
		// A substitution as written (`$(./next-step.sh)`): the command is its output, named by how it is made.
		return undefined;
	}
	if (/^[A-Z][A-Z0-9_]+$/.test(target)) {
		// An upper-case identifier is a variable's name (`ENV`, `PROMPT_COMMAND`), not the program `env`.
		return undefined;
	}
	const name = target.toLowerCase();
	const base = path.posix.basename(name.replace(/\\/g, '/')).replace(/\.exe$/, '');
	if (commands.has(name) || KNOWN_COMMANDS.has(name) || (name.includes('/') && (commands.has(base) || KNOWN_COMMANDS.has(base)) && /(?:^|\/)s?bin\//.test(name))) {
		return rule !== undefined && DEFAULT_NAMED_AFTER_TOOL.get(name) === rule ? undefined : 'a command name';
	}
	return undefined;
}

describe('targets a person can type', () => {
	it('tells names from what is not one', () => {
		const commands = new Set(['rm', '/bin/rm', 'crontab']);
		assert.equal(notAName('rm', commands, new Set()), 'a command name');
		assert.equal(notAName('/bin/rm', new Set(), new Set()), 'a command name');
		assert.equal(notAName('/usr/local/bin/kubectl', new Set(), new Set()), 'a command name');
		assert.equal(notAName('Crontab', commands, new Set()), 'a command name');
		assert.equal(notAName('--all', commands, new Set()), 'an option');
		assert.equal(notAName('-1', commands, new Set()), 'an option');
		assert.equal(notAName('{}', commands, new Set()), 'a placeholder');
		assert.equal(notAName('build/{}', commands, new Set()), 'a placeholder');
		assert.equal(notAName('%', commands, new Set()), 'a placeholder');
		assert.equal(notAName('$1', commands, new Set()), 'a placeholder');
		assert.equal(notAName('$f', commands, loopVariables('for f in *.log; do rm "$f"; done')), 'a loop variable');
		assert.equal(notAName('$line', commands, loopVariables('cat x | while IFS= read -r line; do rm "$line"; done')), 'a loop variable');
		assert.equal(notAName('42', commands, new Set()), 'a bare number');
		assert.equal(notAName(' ', commands, new Set()), 'empty');
		assert.equal(notAName('kind', new Set(['kind']), new Set(), 'kubernetes:local-cluster-delete'), undefined);
		assert.equal(notAName('kind', new Set(['kind']), new Set(), 'files:rm'), 'a command name');
		for (const fine of ['victim', '.', '*.log', '/var/lib/mysql', '$BUILD_DIR/', 'users/42', 'issue 1432', 'public.users', '~/Downloads', 'HEAD@{1}']) {
			assert.equal(notAName(fine, commands, new Set(['f'])), undefined, fine);
		}
	});

	it('the engine\'s own fallbacks name something typeable (an unparsable line, a crashed rule)', () => {
		assert.equal(unparsedTarget("rm -rf victim 'unterminated", 'rm'), 'victim');
		assert.equal(unparsedTarget('mkfs.ext4 /dev/sdb1 "', 'mkfs.ext4'), '/dev/sdb1');
		assert.equal(unparsedTarget('psql -c "DROP TABLE users', 'DROP TABLE'), 'users');
		assert.equal(unparsedTarget('rm -rf $(', 'rm'), 'rm -rf');
		assert.equal(unparsedTarget('git push origin --force', '--force'), 'origin');
		assert.equal(fallbackTarget(['rm', '-rf', 'victim']), 'victim');
		assert.equal(fallbackTarget(['crontab', '-r']), 'crontab -r');
		assert.equal(fallbackTarget(['reboot']), 'reboot command');
		for (const t of ['victim', '/dev/sdb1', 'rm -rf', 'crontab -r', 'reboot command']) {
			assert.equal(notAName(t, new Set(['rm', 'crontab', 'reboot', 'mkfs.ext4']), new Set()), undefined, t);
		}
	});

	it('reads the values a loop gives its variable, or says they are only known when it runs', () => {
		const loops = loopValues('for f in *.log "a b"; do rm "$f"; done; for g in $(ls); do :; done; ls | while read -r h; do :; done; for i; do :; done');
		assert.deepEqual(loops.get('f'), ['*.log', 'a b']);
		assert.equal(loops.get('g'), null);
		assert.equal(loops.get('h'), null);
		assert.equal(loops.get('i'), null);
	});

	// Its speed (linear, not quadratic) is measured by `npm run bench`; a quadratic walk over 1 MB would
	// hang this test until the runner's watchdog stops it, so no timed assertion is needed here.
	it('finishing a target on a hostile line (1 MB without `;`, a long path before a number)', () => {
		loopValues('for a in '.repeat(120_000));
		loopValues('read -d -d '.repeat(100_000));
		assert.deepEqual(typeableTargets(['1'], `curl -X DELETE https://x/1 ${'a'.repeat(1_000_000)}`, new Map()).targets, ['x/1']);
		assert.deepEqual(typeableTargets(['1'], `x/${'a'.repeat(1_000_000)} 1`, new Map()).targets, ['#1']);
	});

	const cases = loadCorpus();
	for (const file of [...new Set(cases.map((k) => k.file))]) {
		it(`every verdict for ${file} names what a person can type`, () => {
			const problems: string[] = [];
			for (const { line, c } of cases.filter((k) => k.file === file)) {
				const { verdict: v, invocations } = explain(c.command, testContext({ production: c.production ?? false, ...(c.cwd ? { cwd: c.cwd } : {}), ...(c.shell ? { shell: c.shell } : {}) }));
				const commands = new Set<string>();
				for (const inv of invocations) {
					commands.add(inv.name.toLowerCase());
					commands.add(inv.argv[0].text.toLowerCase());
					for (const via of inv.via) {
						commands.add(via.split(' ')[0].toLowerCase());
					}
				}
				const loops = loopVariables(c.command);
				const where = `${file}:${line} ${JSON.stringify(c.command)}`;
				if (v.decision !== 'allow' && v.target === null) {
					problems.push(`${where}: ${v.decision} without a target`);
				}
				const named: { target: string; rule: string | undefined }[] = [
					...(v.target === null ? [] : [{ target: v.target, rule: v.rule ?? undefined }]),
					...v.targets.map((target) => ({ target, rule: v.hits.find((h) => h.targets.includes(target))?.rule })),
					...v.hits.flatMap((h) => h.targets.map((target) => ({ target, rule: h.rule }))),
				];
				for (const { target, rule } of named) {
					const why = notAName(target, commands, loops, rule);
					if (why) {
						problems.push(`${where}: ${rule ?? '?'} asks for ${JSON.stringify(target)}, ${why}`);
					}
				}
			}
			assert.deepEqual([...new Set(problems)], []);
		});
	}
});
