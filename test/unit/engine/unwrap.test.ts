/**
 * Unwrapping: every wrapper is peeled so the command inside is judged, with its target; wrappers
 * never lower a verdict; nesting past the limits fails closed.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLine } from '../../../src/engine/shell/parse';
import type { Decision, Invocation } from '../../../src/engine/types';
import { UNPARSED, unwrapLine } from '../../../src/engine/shell/unwrap';
import { expectVerdict, testContext, useEngine, verdict } from '../helpers';

useEngine();

function invocations(line: string): Invocation[] {
	return unwrapLine(parseLine(line), testContext());
}

/** The line is confirmed with `victim` as the target, whatever wraps `rm -rf victim`. */
function caught(line: string, target = 'victim', decision: Decision = 'confirm'): void {
	it(`${JSON.stringify(line)} -> ${decision} (${target})`, () => {
		expectVerdict(line, decision, target);
	});
}

/** The inner argv appears among the invocations, reached through `via`. */
function peels(line: string, inner: string[], via?: string): void {
	it(`${JSON.stringify(line)} peels to ${JSON.stringify(inner)}`, () => {
		const found = invocations(line).find((inv) => JSON.stringify(inv.argv.map((w) => w.text)) === JSON.stringify(inner));
		assert.ok(found, `no invocation ${JSON.stringify(inner)} in ${JSON.stringify(invocations(line).map((i) => i.argv.map((w) => w.text)))}`);
		if (via !== undefined) {
			assert.ok(found.via.includes(via), `via ${JSON.stringify(found.via)} lacks ${via}`);
		}
	});
}

describe('unwrap: the inner command and the layers it came through', () => {
	peels('sudo -u postgres -H psql -c "DROP TABLE x"', ['psql', '-c', 'DROP TABLE x'], 'sudo');
	peels('env -S "rm -rf x"', ['rm', '-rf', 'x'], 'env -S');
	peels('timeout -s KILL 10s nice -n 5 make clean', ['make', 'clean'], 'nice');
	peels("bash -lc 'cd app && npm test'", ['npm', 'test'], 'bash -c');
	peels('kubectl exec -it api-0 -c app -- psql -U postgres', ['psql', '-U', 'postgres'], 'kubectl exec');
	peels('docker compose exec -T db mysql -uroot', ['mysql', '-uroot'], 'docker exec db');
	peels('find . -name "*.pyc" -exec rm -f {} +', ['rm', '-f', '.'], 'find -exec');
	peels("xargs -a wrappers/dirs.txt rm -rf", ['rm', '-rf', 'victim', 'old-cache'], 'xargs');
	peels("python3 -c 'import os; os.system(\"git push -f\")'", ['git', 'push', '-f'], 'python3 -c');
});

describe('unwrap: privilege and environment wrappers', () => {
	caught('sudo rm -rf victim');
	caught('sudo -u postgres -H rm -rf victim');
	caught('sudo -E rm -rf victim');
	caught('sudo -- rm -rf victim');
	caught('sudo --user=deploy --preserve-env=PATH rm -rf victim');
	caught('sudo -iu root rm -rf victim');
	caught('doas rm -rf victim');
	caught('doas -u root rm -rf victim');
	caught('pkexec rm -rf victim');
	caught('env rm -rf victim');
	caught('env -i rm -rf victim');
	caught('env -u HOME rm -rf victim');
	caught('env -i PATH=/usr/bin FOO=1 rm -rf victim');
	caught('env -S "rm -rf victim"');
	caught('env --chdir=/home/dev/project rm -rf victim');
	caught('command rm -rf victim');
	caught('command -p rm -rf victim');
	caught('builtin eval "rm -rf victim"');
	caught('exec rm -rf victim');
	caught('su -c "rm -rf victim" deploy');
	caught('su - postgres -c "rm -rf victim"');
	caught('runuser -u postgres -- rm -rf victim');
	caught('gosu app rm -rf victim');
	caught('sg docker -c "rm -rf victim"');
	it('keeps the environment set by env and inline assignments', () => {
		const inner = invocations('env RAILS_ENV=production sudo rm -rf victim').find((i) => i.name === 'rm');
		assert.equal(inner?.env.RAILS_ENV, 'production');
		assert.deepEqual(inner?.via, ['env', 'sudo']);
	});
	caught('sudo RAILS_ENV=production rm -rf victim');
	caught('time DEBUG=1 rm -rf victim');
	it('carries production settings through sudo, export and env files', () => {
		expectVerdict('sudo NODE_ENV=production killall node', 'confirm', 'node');
		expectVerdict('export NODE_ENV=production && killall node', 'confirm', 'node');
		expectVerdict('dotenv -e wrappers/.env.production -- killall node', 'confirm', 'node');
		expectVerdict('killall node', 'allow');
		// Not exported, so killall never sees it; but the line says production, and stricter is safe.
		expectVerdict('NODE_ENV=production; killall node', 'confirm', 'node');
	});
	it('does not peel `command -v rm`', () => {
		assert.deepEqual(invocations('command -v rm').map((i) => i.name), ['command']);
		expectVerdict('command -v rm', 'allow');
	});
});

describe('unwrap: process wrappers', () => {
	caught('nohup rm -rf victim &');
	caught('nice -n 10 rm -rf victim');
	caught('nice -10 rm -rf victim');
	caught('nice --adjustment=5 rm -rf victim');
	caught('ionice -c3 rm -rf victim');
	caught('ionice -c 2 -n 7 nice -n 19 rm -rf victim');
	caught('time rm -rf victim');
	caught('/usr/bin/time -v rm -rf victim');
	caught('timeout 10 rm -rf victim');
	caught('timeout -s KILL 10s rm -rf victim');
	caught('timeout --signal=TERM -k 5 1m rm -rf victim');
	caught('stdbuf -oL rm -rf victim');
	caught('stdbuf -o0 -e0 rm -rf victim');
	caught("watch -n 5 'rm -rf victim'");
	caught('watch -t -n 1 rm -rf victim');
	caught('watch -x rm -rf victim');
	caught('caffeinate -i rm -rf victim');
	caught('caffeinate -t 3600 rm -rf victim');
	caught('flock /tmp/lock rm -rf victim');
	caught("flock -c 'rm -rf victim' /tmp/lock");
	caught('setsid rm -rf victim');
	caught('chronic rm -rf victim');
	caught('taskset -c 0 rm -rf victim');
	caught('coproc rm -rf victim');
	caught("script -qc 'rm -rf victim' /dev/null");
	caught("tmux new -d -s cleanup 'rm -rf victim'");
	caught("tmux send-keys -t dev 'rm -rf victim' Enter");
	caught('screen -dmS job rm -rf victim');
	caught("echo 'rm -rf victim' | at now + 1 minute");
});

describe('unwrap: xargs, parallel and find', () => {
	caught('ls | xargs rm -rf', '.');
	caught('echo victim | xargs rm -rf');
	caught('echo victim | xargs -n1 rm -rf');
	caught('echo victim | xargs -0 rm -rf');
	caught('echo victim | xargs -I{} rm -rf {}');
	caught('echo victim | xargs -I % rm -rf %');
	caught('echo victim | xargs -i rm -rf {}');
	caught('echo victim | xargs -P4 -n1 rm -rf');
	caught('echo victim | xargs -t -r rm -rf');
	caught("echo victim | xargs -I{} sh -c 'rm -rf {}'");
	caught('find . -print0 | xargs -0 rm -rf', '.');
	caught('parallel rm -rf ::: victim');
	caught("parallel 'rm -rf {}' ::: victim");
	caught('find victim -exec rm -rf {} +');
	caught('find victim -execdir rm -rf {} \\;');
	caught('find victim -ok rm {} \\;');
	caught('find victim -type f -exec shred -u {} \\;');
	caught('find victim -name "*.tmp" -exec echo {} \\; -exec rm -rf {} \\;');
	caught('find victim -delete');
	caught("find victim -exec sh -c 'rm -rf \"$1\"' _ {} \\;");
	caught('fd -e log . victim -x rm');
	it('substitutes each input line for the xargs placeholder', () => {
		const rms = invocations("printf 'a\\nb\\n' | xargs -I{} rm -rf {}").filter((i) => i.name === 'rm');
		assert.deepEqual(rms.map((i) => i.argv.map((w) => w.text)), [['rm', '-rf', 'a'], ['rm', '-rf', 'b']]);
	});
	it('marks arguments that arrive at run time as dynamic', () => {
		const rm = invocations('ls | xargs rm').find((i) => i.name === 'rm');
		assert.equal(rm?.dynamicArgs, true);
	});
});

describe('unwrap: shells', () => {
	caught("bash -c 'rm -rf victim'");
	caught('sh -c "rm -rf victim"');
	caught("zsh -c 'rm -rf victim'");
	caught("dash -c 'rm -rf victim'");
	caught("fish -c 'rm -rf victim'");
	caught("ksh -c 'rm -rf victim'");
	caught('$SHELL -c "rm -rf victim"');
	caught("nu -c 'rm -rf victim'");
	caught("busybox sh -c 'rm -rf victim'");
	caught("sh -lc 'rm -rf victim'");
	caught("bash -ec 'rm -rf victim'");
	caught("bash -xec 'rm -rf victim'");
	caught("bash -o pipefail -c 'rm -rf victim'");
	caught("bash --norc --noprofile -c 'rm -rf victim'");
	caught("eval 'rm -rf victim'");
	caught('eval rm -rf victim');
	caught('eval "$(echo rm -rf victim)"');
	caught('$(echo cm0gLXJmIHZpY3RpbQ== | base64 -d)');
	caught("sh -c 'rm -rf \"$1\"' _ victim");
	caught('cat <<EOF | bash\nrm -rf victim\nEOF');
	caught("bash <<'EOF'\nset -e\nrm -rf victim\nEOF");
	caught('sh <<-EOF\n\trm -rf victim\n\tEOF');
	caught('bash -s <<< "rm -rf victim"');
	caught("sh -s -- --force <<< 'rm -rf victim'");
	caught("echo 'rm -rf victim' | sh");
	caught("printf '%s\\n' 'rm -rf victim' | bash -");
	caught('echo cm0gLXJmIHZpY3RpbQ== | base64 -d | sh');
	caught('echo cm0gLXJmIHZpY3RpbQ== | base64 --decode | bash');
	caught('base64 -d <<< cm0gLXJmIHZpY3RpbQ== | sh');
	caught("echo 726d202d72662076696374696d | xxd -r -p | sh");
	caught("echo 'mitciv fr- mr' | rev | sh");
	caught('bash scripts/cleanup.sh');
	caught('sh ./scripts/cleanup.sh');
	caught('./scripts/cleanup.sh');
	caught('source scripts/cleanup.sh');
	caught('. scripts/cleanup.sh');
	caught('bash < scripts/cleanup.sh');
	caught('bash wrappers/payload.sh', 'victim');
	it('allows a script that only builds', () => {
		expectVerdict('bash scripts/build.sh', 'allow');
		expectVerdict('./scripts/build.sh', 'allow');
	});
});

describe('unwrap: remote machines and containers', () => {
	caught("ssh host 'rm -rf victim'");
	caught('ssh -p 22 -i key user@host "rm -rf victim"');
	caught('ssh host rm -rf victim');
	caught('ssh -t -o StrictHostKeyChecking=no deploy@10.0.0.5 "sudo rm -rf victim"');
	caught('ssh -J bastion app-1 -- rm -rf victim');
	caught("ssh host bash -s <<< 'rm -rf victim'");
	caught('ssh host < scripts/cleanup.sh');
	caught('docker exec ctr rm -rf victim');
	caught('docker exec -it ctr rm -rf victim');
	caught('docker exec -u root -w /app ctr rm -rf victim');
	caught('docker exec -e RAILS_ENV=production web rm -rf victim');
	caught('docker container exec -i ctr sh -c "rm -rf victim"');
	caught('podman exec ctr rm -rf victim');
	caught('nerdctl exec ctr rm -rf victim');
	caught('docker compose exec svc rm -rf victim');
	caught('docker compose exec -T -u root svc rm -rf victim');
	caught('docker compose -f docker-compose.prod.yml exec web rm -rf victim');
	caught('docker-compose exec svc rm -rf victim');
	caught('docker run --rm -v "$PWD":/app -w /app node:20 rm -rf victim');
	caught('docker compose run --rm web rm -rf victim');
	caught('kubectl exec pod -- rm -rf victim');
	caught('kubectl exec -n ns -c ctr pod -- rm -rf victim');
	caught('kubectl exec -it deploy/api -- bash -c "rm -rf victim"');
	caught('kubectl -n prod exec api-0 -- rm -rf victim');
	caught('kubectl run tmp --rm -it --image=busybox -- rm -rf victim');
	caught('oc exec pod -- rm -rf victim');
	caught('heroku run rm -rf victim');
	caught('heroku run -a myapp -- rm -rf victim');
	caught('railway run rm -rf victim');
	caught("fly ssh console -C 'rm -rf victim'");
	caught("flyctl ssh console -a app --command 'rm -rf victim'");
	caught('gcloud compute ssh vm --command "rm -rf victim"');
	caught('gcloud compute ssh vm --zone us-east1-b --command="rm -rf victim"');
	caught("vagrant ssh -c 'rm -rf victim'");
	caught('wsl rm -rf victim');
	caught('wsl -d Ubuntu -- rm -rf victim');
	it('marks commands that run elsewhere as remote', () => {
		for (const line of ["ssh host 'rm -rf victim'", 'docker exec ctr rm -rf victim', 'kubectl exec pod -- rm -rf victim', 'heroku run rm -rf victim']) {
			const rm = invocations(line).find((i) => i.name === 'rm');
			assert.equal(rm?.remote, true, line);
		}
		assert.equal(invocations('sudo rm -rf victim').find((i) => i.name === 'rm')?.remote, false);
	});
	it('names the wrappers in via, outermost first', () => {
		const rm = invocations("sudo ssh host 'docker exec db rm -rf victim'").find((i) => i.name === 'rm');
		assert.deepEqual(rm?.via, ['sudo', 'ssh host', 'docker exec db']);
	});
});

describe('unwrap: interpreters', () => {
	caught("python -c 'import shutil; shutil.rmtree(\"victim\")'");
	caught("python3 -c \"import os; [os.remove(f) for f in os.listdir('victim')]\"");
	caught("python3 -c 'import os\nfor f in os.listdir(\"victim\"):\n    os.remove(os.path.join(\"victim\", f))'");
	caught("python3 -c 'import os; os.system(\"rm -rf victim\")'");
	caught("python3 -c \"import subprocess; subprocess.run(['rm','-rf','victim'])\"");
	caught("python3 -c \"import subprocess; subprocess.run('rm -rf victim', shell=True)\"");
	caught("python3 -W ignore -c 'import shutil; shutil.rmtree(\"victim\")'");
	caught("python3 - <<'EOF'\nimport shutil\nshutil.rmtree('victim')\nEOF");
	caught("node -e \"require('fs').rmSync('victim', {recursive:true, force:true})\"");
	caught("node -e \"fs.rmSync('victim', { recursive: true })\"");
	caught("node -e \"require('child_process').execSync('rm -rf victim')\"");
	caught("node -e \"const { execSync } = require('child_process'); execSync('rm -rf victim')\"");
	caught("node -r dotenv/config -e \"require('fs').rmSync('victim', {recursive:true})\"");
	caught("node --input-type=module -e 'import { rm } from \"node:fs/promises\"; await rm(\"victim\", { recursive: true })'");
	caught("deno eval 'Deno.removeSync(\"victim\", { recursive: true })'");
	caught("ruby -e 'require \"fileutils\"; FileUtils.rm_rf(\"victim\")'");
	caught("ruby -e 'FileUtils.rm_rf \"victim\"'");
	caught("ruby -e 'system \"rm -rf victim\"'");
	caught("ruby -e 'File.delete(\"victim.db\")'", 'victim.db');
	caught("perl -e 'system(\"rm -rf victim\")'");
	caught("perl -e 'system(\"rm\", \"-rf\", \"victim\")'");
	caught("perl -MFile::Path=rmtree -e 'rmtree \"victim\"'");
	caught("perl -e 'unlink \"victim.db\"'", 'victim.db');
	caught("php -r 'unlink(\"victim.db\");'", 'victim.db');
	caught("php -r 'system(\"rm -rf victim\");'");
	caught("php -r 'shell_exec(\"rm -rf victim\");'");
	caught("awk 'BEGIN { system(\"rm -rf victim\") }'");
	caught("osascript -e 'do shell script \"rm -rf victim\"'");
	caught('python3 scripts/reset_data.py');
	it('allows harmless one-liners', () => {
		for (const line of ["python3 -c 'print(\"rm -rf /\")'", "node -e 'console.log(process.version)'", "python3 -c 'import os; print(os.listdir(\".\"))'", "ruby -e 'puts 1'", "perl -ne 'print if /ERROR/' app.log", "node -e \"const r = /x/; r.exec('rm -rf victim')\""]) {
			expectVerdict(line, 'allow');
		}
	});
});

describe('unwrap: Windows shells', () => {
	caught('cmd /c rd /s /q victim');
	caught('cmd.exe /C "rmdir /s /q victim"');
	caught("powershell -NoProfile -Command \"Remove-Item -Recurse -Force victim\"");
	caught("pwsh -c 'Remove-Item -Recurse -Force victim'");
	// Remove-Item -Recurse -Force victim, as UTF-16LE base64
	caught('powershell -EncodedCommand UgBlAG0AbwB2AGUALQBJAHQAZQBtACAALQBSAGUAYwB1AHIAcwBlACAALQBGAG8AcgBjAGUAIAB2AGkAYwB0AGkAbQA=');
});

describe('unwrap: disguised command names', () => {
	caught('\\rm -rf victim');
	caught('/bin/rm -rf victim');
	caught('/usr/bin/env rm -rf victim');
	caught('"rm" -rf victim');
	caught("'rm' -rf victim");
	caught("r''m -rf victim");
	caught('r\\m -rf victim');
	caught('r\\\nm -rf victim');
	caught('$(which rm) -rf victim');
	caught('`which rm` -rf victim');
	caught('$(command -v rm) -rf victim');
	caught('"$RM" -rf victim');
	caught('RM=rm; $RM -rf victim');
	caught('"$(echo rm)" -rf victim');
	caught("RM='rm -rf'; $RM victim");
	caught('npx rimraf victim');
});

describe('unwrap: wrappers never lower a verdict', () => {
	const inner = ['rm -rf victim', 'rm -rf /', 'rm notes.txt', 'shred -u secrets.txt', 'truncate -s 0 app.db', 'dd if=/dev/zero of=/dev/sda', 'mkfs.ext4 /dev/sdb1', 'echo hello', 'ls -la'];
	const rank: Record<Decision, number> = { allow: 0, confirm: 1, deny: 2 };
	const single = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
	const wrappers: [string, (s: string) => string][] = [
		['sudo', (s) => `sudo ${s}`], ['sudo -u', (s) => `sudo -u postgres -H ${s}`], ['doas', (s) => `doas ${s}`],
		['env', (s) => `env -i FOO=1 ${s}`], ['inline env', (s) => `DEBUG=1 ${s}`], ['command', (s) => `command ${s}`], ['builtin exec', (s) => `exec ${s}`],
		['nohup', (s) => `nohup ${s} &`], ['nice', (s) => `nice -n 10 ${s}`], ['ionice', (s) => `ionice -c3 ${s}`], ['time', (s) => `time ${s}`],
		['timeout', (s) => `timeout -s KILL 10s ${s}`], ['stdbuf', (s) => `stdbuf -oL ${s}`], ['watch', (s) => `watch -n 5 ${single(s)}`], ['caffeinate', (s) => `caffeinate -i ${s}`],
		['bash -c', (s) => `bash -c ${single(s)}`], ['sh -lc', (s) => `sh -lc ${single(s)}`], ['zsh -c', (s) => `zsh -c ${single(s)}`], ['eval', (s) => `eval ${single(s)}`],
		['pipe to sh', (s) => `echo ${single(s)} | sh`], ['heredoc', (s) => `bash <<'EOF'\n${s}\nEOF`], ['here-string', (s) => `bash -s <<< ${single(s)}`],
		['base64', (s) => `echo ${Buffer.from(s).toString('base64')} | base64 -d | sh`],
		['ssh', (s) => `ssh host ${single(s)}`], ['docker exec', (s) => `docker exec -it app ${s}`], ['compose exec', (s) => `docker compose exec web ${s}`],
		['kubectl exec', (s) => `kubectl exec -n prod api-0 -- ${s}`], ['heroku', (s) => `heroku run ${s}`], ['fly', (s) => `fly ssh console -C ${single(s)}`],
		['gcloud', (s) => `gcloud compute ssh vm --command ${single(s)}`], ['python os.system', (s) => `python3 -c ${single(`import os; os.system(${JSON.stringify(s)})`)}`],
		['node execSync', (s) => `node -e ${single(`require('child_process').execSync(${JSON.stringify(s)})`)}`],
		['subshell', (s) => `( ${s} )`], ['and-chain', (s) => `cd /home/dev/project && ${s}`], ['if', (s) => `if true; then ${s}; fi`],
		['function', (s) => `f() { ${s}; }; f`], ['nested', (s) => `sudo env X=1 bash -c ${single(`nice ${s}`)}`],
	];
	for (const [name, wrap] of wrappers) {
		it(name, () => {
			for (const command of inner) {
				const plain = verdict(command);
				const wrapped = verdict(wrap(command));
				assert.ok(rank[wrapped.decision] >= rank[plain.decision], `${JSON.stringify(wrap(command))} → ${wrapped.decision}, but ${JSON.stringify(command)} → ${plain.decision}`);
				if (plain.decision !== 'allow' && wrapped.decision !== 'allow') {
					assert.ok(wrapped.targets.includes(plain.target!), `${name} lost the target ${plain.target}: ${wrapped.targets.join(', ')}`);
				}
			}
		});
	}
});

describe('unwrap: remote root deletion', () => {
	it('denies rm -rf / on a remote machine as it does locally', () => {
		expectVerdict("ssh host 'rm -rf /'", 'deny', '/');
		expectVerdict('docker exec app rm -rf /', 'deny', '/');
		expectVerdict('kubectl exec -n prod api-0 -- rm -rf /', 'deny', '/');
	});
});

describe('unwrap: limits fail closed', () => {
	it('confirms rm -rf inside a 20-deep bash -c chain', () => {
		let line = 'rm -rf victim';
		for (let i = 0; i < 20; i++) {
			line = `bash -c "${line.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
		}
		expectVerdict(line, 'confirm');
	});

	it('still finds the target through a 12-deep bash -c chain', () => {
		let line = 'rm -rf victim';
		for (let i = 0; i < 12; i++) {
			line = `bash -c "${line.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
		}
		expectVerdict(line, 'confirm', 'victim');
	});

	it('confirms rm -rf behind 100 sudo layers', () => {
		expectVerdict(`${'sudo '.repeat(100)}rm -rf victim`, 'confirm');
	});

	it('confirms rm -rf behind 40 nested evals', () => {
		expectVerdict(`${'eval '.repeat(40)}rm -rf victim`, 'confirm');
	});

	it('reports what it could not parse as an unparsed invocation', () => {
		assert.ok(invocations("bash -c 'rm -rf victim &&'").some((i) => i.name === UNPARSED));
		expectVerdict("bash -c 'rm -rf victim &&'", 'confirm');
		expectVerdict("ssh host 'echo \"unterminated; rm -rf victim'", 'confirm');
	});
});
