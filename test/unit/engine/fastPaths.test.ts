/**
 * The engine skips work an ordinary line does not need (docs/decisions.md "Engine speed, per line"): the
 * device-write rule parses only the arguments of copy-style tools, the self-protection rules keep no record
 * of commands that write nothing, the deny rules' texts are built only when there are deny rules. Each
 * shortcut must still let the line that needs the full path take it: a redirection onto a device from any
 * command, a startup file written through a variable set earlier, a here-string, a pipe into tee.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEngine, verdict } from '../helpers';

useEngine();

const context = { cwd: '/p', workspaceFolders: ['/p'], home: '/h', env: {}, readFile: () => undefined };

describe('shortcuts for ordinary lines still judge the lines that need the full path', () => {
	for (const [line, rule, target] of [
		['cp disk.img /dev/sda', 'disks:device-write', '/dev/sda'],
		['tee /dev/sdb < x.img', 'disks:device-write', '/dev/sdb'],
		['ddrescue in.img /dev/sdc map', 'disks:device-write', '/dev/sdc'],
		['cat x.img | sudo tee /dev/nvme0n1', 'disks:device-write', '/dev/nvme0n1'],
		// Any command's redirection, not only a copy tool's arguments.
		['git status > /dev/sda', 'disks:device-write', '/dev/sda'],
		['pv x.img > /dev/sda', 'disks:device-write', '/dev/sda'],
		["echo 'unset PROMPT_COMMAND' >> ~/.bashrc", 'self:startup-file', '~/.bashrc'],
		['X="unset PROMPT_COMMAND"; echo "$X" >> ~/.bashrc', 'self:startup-file', '~/.bashrc'],
		['tee -a ~/.bashrc <<< "unset PROMPT_COMMAND"', 'self:startup-file', '~/.bashrc'],
		['printf "%s\\n" "trap - DEBUG" >> ~/.bashrc', 'self:startup-file', '~/.bashrc'],
	] as const) {
		it(line, () => {
			const v = verdict(line, context);
			assert.equal(v.decision, 'confirm', `${line} → ${v.decision} ${v.rule ?? ''} (${v.reason})`);
			assert.equal(v.rule, rule);
			assert.equal(v.target, target);
		});
	}
	it('a deny rule still matches an ordinary line', () => {
		const v = verdict('echo wipe-all', { ...context, config: { deny: ['\\bwipe-all\\b'] } });
		assert.equal(v.decision, 'deny');
		assert.equal(v.rule, 'user:deny');
	});
	it('and the ordinary lines themselves stay allowed', () => {
		for (const line of ['git status', 'ls -la src', 'cd x && make', 'echo $HOME', 'grep -rn foo src | head', 'git status > /dev/null 2>&1']) {
			assert.equal(verdict(line, context).decision, 'allow', line);
		}
	});
});
