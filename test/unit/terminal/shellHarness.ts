/**
 * Real shells on real ptys for the guarded-terminal tests: a throwaway HOME with the person's rc
 * files, a work directory with a sentinel, a scriptable judge, and bounded waits on events and output.
 * A missing shell fails loudly (CI installs bash, zsh, fish and dash).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, initParser } from '../../../src/engine/analyze';
import { GuardedShell, type Decision, type GuardedShellOptions, type ModeChange } from '../../../src/terminal/guardedShell';
import type { JudgeResult } from '../../../src/terminal/judging';

export type TestShell = 'bash' | 'zsh' | 'fish' | 'dash';

/** apt packages that provide each shell (Debian/Ubuntu). */
const PACKAGE: Record<TestShell, string> = { bash: 'bash', zsh: 'zsh', fish: 'fish', dash: 'dash' };

export function shellPath(shell: TestShell): string {
	for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter)) {
		const candidate = path.join(dir, shell);
		if (fs.existsSync(candidate)) {
			return candidate;
		}
	}
	throw new Error(`${shell} is not installed: the terminal tests need it (apt-get install -y ${PACKAGE[shell]})`);
}

/** A prompt each shell shows, and the person's rc file that sets it (proving rc files load). */
const RC: Record<TestShell, { file: string; text: string }> = {
	bash: { file: '.bashrc', text: "PS1='tg$ '\nHISTFILE=~/.bash_history\ntg_rc() { echo RC-$((20+22)); }\n" },
	zsh: { file: '.zshrc', text: "PS1='tg%# '\nHISTFILE=~/.zsh_history\nSAVEHIST=100\nHISTSIZE=100\ntg_rc() { echo RC-$((20+22)); }\n" },
	fish: { file: '.config/fish/config.fish', text: "set -g fish_greeting ''\nfunction fish_prompt; printf 'tg> '; end\nfunction tg_rc; echo RC-(math 20+22); end\n" },
	dash: { file: '.profile', text: '' },
};

export type Policy = 'engine' | 'allow-all' | ((line: string) => boolean);

export interface StartOptions {
	/** Default 'engine': the real engine; anything but "allow" is refused (as if the person said no). */
	readonly policy?: Policy;
	/** Replaces the policy entirely (for pending, hanging or failing judges). */
	readonly judge?: GuardedShellOptions['judge'];
	readonly rcExtra?: string;
	/** More files in HOME, by path relative to it. */
	readonly files?: Readonly<Record<string, string>>;
	readonly args?: string[];
	readonly env?: Record<string, string>;
	readonly options?: Partial<GuardedShellOptions>;
}

export interface Asked {
	readonly line: string;
	readonly cwd: string;
}

export class Session {
	readonly asked: Asked[] = [];
	readonly decisions: Decision[] = [];
	readonly modes: ModeChange[] = [];
	private raw = '';
	private prompts = 0;
	private exited: number | undefined;
	readonly shell: GuardedShell;

	constructor(
		readonly kind: TestShell,
		readonly home: string,
		readonly work: string,
		options: GuardedShellOptions,
	) {
		this.shell = new GuardedShell(options);
		this.shell.onData((d) => (this.raw += d));
		this.shell.onPrompt(() => this.prompts++);
		this.shell.onDecision((d) => this.decisions.push(d));
		this.shell.onDidChangeMode((m) => this.modes.push(m));
		this.shell.onExit((code) => (this.exited = code));
	}

	/** Everything shown so far, without escape sequences and carriage returns. */
	get text(): string {
		return plain(this.raw);
	}

	/** Everything shown so far, escape sequences included. */
	get rawText(): string {
		return this.raw;
	}

	get promptCount(): number {
		return this.prompts;
	}

	sentinel(name = 'sentinel'): string {
		const dir = path.join(this.work, name);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'keep.txt'), 'precious\n');
		return dir;
	}

	/** Waits until `test` holds; fails with the screen's tail after `timeoutMs`. */
	async until(what: string, test: () => boolean, timeoutMs = 10_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!test()) {
			if (Date.now() > deadline) {
				assert.fail(`${this.kind}: timed out waiting for ${what}\n--- screen (last 1500 chars) ---\n${this.text.slice(-1500)}\n--- asked: ${JSON.stringify(this.asked.map((a) => a.line))}`);
			}
			if (this.exited !== undefined) {
				assert.fail(`${this.kind}: the shell exited (${this.exited}) while waiting for ${what}\n${this.text.slice(-1500)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}

	async waitForText(pattern: string | RegExp, timeoutMs?: number): Promise<void> {
		const test = typeof pattern === 'string' ? () => this.text.includes(pattern) : () => pattern.test(this.text);
		await this.until(`output ${String(pattern)}`, test, timeoutMs);
	}

	/** Waits for the next prompt after now (hooked shells) — call before the input that leads to it. */
	nextPrompt(count = 1): Promise<void> {
		const target = this.prompts + count;
		return this.until(`prompt #${target}`, () => this.prompts >= target);
	}

	/** Types `text` and waits for the prompt that follows each Enter in it. */
	async run(text: string, prompts = 1): Promise<void> {
		const next = this.nextPrompt(prompts);
		this.shell.write(text);
		await next;
	}

	async close(): Promise<void> {
		if (this.exited === undefined) {
			this.shell.kill();
			await this.until('exit', () => this.exited !== undefined, 5000).catch(() => undefined);
		}
		if (this.exited === undefined) {
			// A shell that outlived SIGHUP would keep this test file's process (and the whole run) alive.
			try {
				process.kill(this.shell.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		this.shell.dispose();
		fs.rmSync(path.dirname(this.home), { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
	}
}

let parserReady: Promise<void> | undefined;

/** Inside the compiled output directory (out or out-something), which git ignores. */
const SCRATCH = path.join(__dirname, 'scratch');

/** Starts `kind` in a fresh HOME whose rc file sets a known prompt and defines `tg_rc`. */
export async function startShell(kind: TestShell, start: StartOptions = {}): Promise<Session> {
	parserReady ??= initParser();
	await parserReady;
	// Not under /tmp: the engine lets anything under /tmp be deleted, and these tests need refusals.
	fs.mkdirSync(SCRATCH, { recursive: true });
	const root = fs.realpathSync(fs.mkdtempSync(path.join(SCRATCH, `${kind}-`)));
	const home = path.join(root, 'home');
	const work = path.join(root, 'work');
	fs.mkdirSync(work, { recursive: true });
	const rc = path.join(home, RC[kind].file);
	fs.mkdirSync(path.dirname(rc), { recursive: true });
	fs.writeFileSync(rc, RC[kind].text + (start.rcExtra ?? ''));
	if (kind === 'fish') {
		// Otherwise a first start in a fresh HOME spawns fish_update_completions (man pages → completions).
		fs.mkdirSync(path.join(home, '.local', 'share', 'fish', 'generated_completions'), { recursive: true });
	}
	for (const [name, text] of Object.entries(start.files ?? {})) {
		fs.mkdirSync(path.dirname(path.join(home, name)), { recursive: true });
		fs.writeFileSync(path.join(home, name), text);
	}
	const policy = start.policy ?? 'engine';
	const ref: { session?: Session } = {};
	const judge =
		start.judge ??
		(async (line: string, cwd: string): Promise<JudgeResult> => {
			ref.session?.asked.push({ line, cwd });
			const run = policy === 'allow-all' ? true : policy === 'engine' ? engineAllows(line, cwd, home) : policy(line);
			return run ? { run } : { run, message: `test policy refused ${JSON.stringify(line)}` };
		});
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: home,
		TERM: 'xterm-256color',
		LANG: 'C.UTF-8',
		XDG_CONFIG_HOME: path.join(home, '.config'),
		XDG_DATA_HOME: path.join(home, '.local', 'share'),
		...start.env,
	};
	const session = new Session(kind, home, work, {
		shellPath: shellPath(kind),
		args: start.args ?? [],
		cwd: work,
		env,
		cols: 120,
		rows: 30,
		judge: start.judge ? wrapJudge(start.judge, () => ref.session) : judge,
		...start.options,
	});
	ref.session = session;
	return session;
}

function wrapJudge(judge: GuardedShellOptions['judge'], session: () => Session | undefined): GuardedShellOptions['judge'] {
	return (line, cwd, signal) => {
		session()?.asked.push({ line, cwd });
		return judge(line, cwd, signal);
	};
}

/** The real engine: anything but "allow" is refused in these tests. */
export function engineAllows(line: string, cwd: string, home: string): boolean {
	return analyze(line, { cwd, workspaceFolders: [cwd], home, env: {} }).decision === 'allow';
}

/** Strips escape sequences and carriage returns: what a person would read, roughly. */
export function plain(text: string): string {
	return (
		text
			// eslint-disable-next-line no-control-regex
			.replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
			// eslint-disable-next-line no-control-regex
			.replace(/\x1b\[[0-9;?<>=]*[ -/]*[@-~]/g, '')
			// eslint-disable-next-line no-control-regex
			.replace(/\x1b[()][0-9A-Za-z]|\x1b[=>78]/g, '')
			.replace(/\r/g, '')
	);
}

export function exists(p: string): boolean {
	return fs.existsSync(p);
}
