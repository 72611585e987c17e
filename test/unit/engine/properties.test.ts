/**
 * Property-based tests (fast-check): the engine never throws, always answers on adversarial input,
 * treats unparseable risky text as risky, and no wrapper lowers the verdict of what it wraps.
 * Speed is measured by `npm run bench`, not here; the test time-outs only catch hangs.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Decision } from '../../../src/engine/types';
import { useEngine, verdict } from '../helpers';

useEngine();

const RANK: Record<Decision, number> = { allow: 0, confirm: 1, deny: 2 };
const DECISIONS = new Set(['allow', 'confirm', 'deny']);

/** Shell-flavoured fragments, so generated lines reach deep into the parser, not just its error path. */
const fragment = fc.constantFrom(
	'rm', '-rf', 'victim', 'sudo', 'bash', '-c', "'", '"', '`', '$(', ')', '(', '{', '}', ';', '&&', '||', '|', '&', '<<', 'EOF', '\n',
	'<<<', '>', '>>', '2>&1', '\\', '$HOME', '~', '*', 'git', 'push', '--force', 'psql', 'DROP TABLE x', 'curl', '-d', 'mutation { volumeDelete(volumeId: "v") }',
	'xargs', 'find', '-exec', '{}', '\\;', 'eval', 'env', 'X=1', 'python3', 'import shutil; shutil.rmtree("d")', ' ', ' ', ' ', 'if', 'then', 'fi', 'for', 'do', 'done',
);
const shellish = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(' '));

describe('engine properties', () => {
	it('never throws and always gives a verdict, on arbitrary text', { timeout: 120_000 }, () => {
		fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), shellish), (line) => {
			const v = verdict(line);
			assert.ok(DECISIONS.has(v.decision));
			assert.ok(v.decision === 'allow' || typeof v.target === 'string', `no target for ${JSON.stringify(line)}`);
		}), { numRuns: 1500 });
	});

	it('answers on adversarial lines of 100 KB and deep nesting', { timeout: 120_000 }, () => {
		const lines = [
			'a'.repeat(100_000),
			'$('.repeat(20_000) + 'rm -rf x',
			'`'.repeat(50_001),
			'"'.repeat(99_999),
			'echo ' + '(('.repeat(10_000),
			'bash -c "' + 'bash -c \\"'.repeat(200) + 'rm -rf x',
			'\u0000\uffff\u001b'.repeat(30_000),
			'cat <<EOF\n' + 'line\n'.repeat(20_000),
			'x'.repeat(1_048_576) + ' rm -rf x',
		];
		for (const line of lines) {
			const v = verdict(line);
			assert.ok(DECISIONS.has(v.decision), `no verdict for a ${line.length}-character line`);
		}
	});

	it('never allows unparseable text that contains a destructive command', { timeout: 120_000 }, () => {
		const risky = fc.constantFrom('rm -rf victim', 'psql -c "DROP TABLE users"', 'git push --force origin main', 'mkfs.ext4 /dev/sdb1', 'shred -u key.pem');
		const breaker = fc.constantFrom("'", '"', '`', '$(', ' )', '; fi', '<<EOF\n', ' \\', '&&');
		fc.assert(fc.property(fc.string({ maxLength: 40 }), risky, breaker, (noise, command, brk) => {
			// Noise must not itself quote or escape the command (that would make it a harmless word).
			const line = `${noise.replace(/[\n;&|#'"`\\]/g, ' ')} ; ${command} ${brk}`;
			const v = verdict(line);
			assert.notEqual(v.decision, 'allow', `${JSON.stringify(line)} was allowed (${v.parse})`);
		}), { numRuns: 600 });
	});

	describe('wrappers never lower the verdict of what they wrap', () => {
		const inner = fc.constantFrom(
			'rm -rf victim', 'rm -rf /', 'git push --force origin main', 'git reset --hard HEAD~3', 'psql -c "DROP TABLE users"', 'shred -u secrets.txt',
			'find . -name "*.log" -delete', 'rsync -a --delete src/ backup/', 'truncate -s 0 app.db', 'rm -rf "my dir"', "rm -rf 'it''s'",
			'curl -X DELETE https://api.example.com/v1/projects/prj_1', 'echo hello', 'ls -la', 'rm notes.txt',
		);
		const quoteSingle = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
		const quoteDouble = (s: string) => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
		const wrappers: [string, (s: string) => string][] = [
			['sudo', (s) => `sudo ${s}`],
			['sudo -u', (s) => `sudo -u postgres -H ${s}`],
			['env', (s) => `env -i PATH=/usr/bin FOO=1 ${s}`],
			['inline env', (s) => `DEBUG=1 ${s}`],
			['command', (s) => `command ${s}`],
			['nohup', (s) => `nohup ${s}`],
			['nice', (s) => `nice -n 10 ${s}`],
			['timeout', (s) => `timeout -s KILL 30s ${s}`],
			['time', (s) => `time ${s}`],
			['bash -c', (s) => `bash -c ${quoteSingle(s)}`],
			['sh -lc', (s) => `sh -lc ${quoteDouble(s)}`],
			['zsh -c', (s) => `zsh -c ${quoteSingle(s)}`],
			['eval', (s) => `eval ${quoteSingle(s)}`],
			['subshell', (s) => `( ${s} )`],
			['group', (s) => `{ ${s}; }`],
			['and-chain', (s) => `echo start && ${s} && echo done`],
			['pipe to bash', (s) => `echo ${quoteSingle(s)} | bash`],
			['heredoc to sh', (s) => `sh <<'EOF'\n${s}\nEOF`],
			['here-string', (s) => `bash <<< ${quoteSingle(s)}`],
			['watch', (s) => `watch -n 5 ${quoteSingle(s)}`],
			['nested', (s) => `sudo env X=1 bash -c ${quoteSingle(`nice ${s}`)}`],
			['if', (s) => `if true; then ${s}; fi`],
			['function', (s) => `cleanup() { ${s}; }; cleanup`],
		];
		for (const [name, wrap] of wrappers) {
			it(name, () => {
				fc.assert(fc.property(inner, (command) => {
					const plain = verdict(command);
					const wrapped = verdict(wrap(command));
					assert.ok(RANK[wrapped.decision] >= RANK[plain.decision], `${JSON.stringify(wrap(command))} → ${wrapped.decision}, but ${JSON.stringify(command)} → ${plain.decision}`);
					if (plain.decision === 'confirm' && wrapped.decision === 'confirm') {
						assert.ok(wrapped.targets.includes(plain.target!), `${name} lost the target ${plain.target}: ${wrapped.targets.join(', ')}`);
					}
				}), { numRuns: 60 });
			});
		}
	});
});
