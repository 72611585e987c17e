/**
 * A real BridgeServer on a real socket in a throwaway runtime directory, judged by the real engine
 * and answered by a scripted person (our own Answerer interface, not vscode).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adapterFor } from '../../../src/agents';
import { analyze, initParser } from '../../../src/engine/analyze';
import type { Verdict } from '../../../src/engine/types';
import { BridgeServer, type BridgeEvent } from '../../../src/bridge/server';
import type { ConfirmQuestion } from '../../../src/ui/person';

/** An answer the person never gives: the question stays open until its signal aborts. */
export const WAIT = Symbol('wait');

export class ScriptedPerson {
	readonly questions: ConfirmQuestion[] = [];
	readonly answers: (string | undefined | typeof WAIT)[] = [];
	/** Signals of the questions asked, in order. */
	readonly signals: AbortSignal[] = [];
	open = 0;
	mostOpenAtOnce = 0;
	/** Resolvers of questions answered WAIT, to answer them later by hand. */
	readonly pending: ((typed: string | undefined) => void)[] = [];

	confirm(question: ConfirmQuestion, signal: AbortSignal): Promise<string | undefined> {
		this.questions.push(question);
		this.signals.push(signal);
		this.open++;
		this.mostOpenAtOnce = Math.max(this.mostOpenAtOnce, this.open);
		const answer = this.answers.length > 0 ? this.answers.shift() : WAIT;
		return new Promise<string | undefined>((resolve) => {
			const done = (typed: string | undefined): void => {
				this.open--;
				resolve(typed);
			};
			if (answer !== WAIT) {
				setImmediate(() => done(answer));
				return;
			}
			let finished = false;
			const once = (typed: string | undefined): void => {
				if (!finished) {
					finished = true;
					done(typed);
				}
			};
			this.pending.push(once);
			signal.addEventListener('abort', () => once(undefined), { once: true });
		});
	}
}

/** A private temporary directory standing in for ~/.terminal-guard/run. */
export function tempRuntimeDir(): string {
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bridge-'));
	return path.join(base, 'run');
}

export interface TestBridge {
	readonly server: BridgeServer;
	readonly person: ScriptedPerson;
	readonly events: BridgeEvent[];
	/** Pids of shells that said their Enter hook loaded. */
	readonly hooked: number[];
	readonly runtimeDir: string;
	stop(): Promise<void>;
}

export async function startBridge(options: { runtimeDir?: string; folders?: string[]; timeoutMs?: number; production?: boolean } = {}): Promise<TestBridge> {
	await initParser();
	const runtimeDir = options.runtimeDir ?? tempRuntimeDir();
	const person = new ScriptedPerson();
	const events: BridgeEvent[] = [];
	const hooked: number[] = [];
	const folders = options.folders ?? ['/home/dev/project'];
	const server = new BridgeServer({
		judge: (line, cwd, env): Promise<Verdict> => Promise.resolve(analyze(line, { cwd, workspaceFolders: folders, env, home: '/home/dev', production: options.production ?? false })),
		answerer: () => person,
		agentName: (id) => adapterFor(id)?.name,
		confirmTimeoutMs: () => options.timeoutMs ?? 60000,
		onEvent: (event) => events.push(event),
		onHooked: (pid) => hooked.push(pid),
	}, { runtimeDir, folders });
	await server.start();
	return { server, person, events, hooked, runtimeDir, stop: () => server.dispose() };
}

/** Polls until `condition` holds (fails after `timeoutMs`). */
export async function eventually(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) {
			throw new Error(`timed out waiting: ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
