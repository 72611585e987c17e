/**
 * The real agent CLIs (test/agents/agentClis.ts) inside the editor: "Protect AI Agents…" installs the
 * hooks into a throw-away home (under TERMINAL_GUARD_AGENTS_HOME; the agents read their configuration
 * from there, and keep the editor's HOME, under which the hook finds the editor), the scripted model
 * server (test/agents/modelServer/) asks each agent to delete a folder `victim` in this workspace, and a test answerer stands in for the person at the modal. Typing the target lets
 * the agent's command run; a wrong name or Escape refuses it, and the agent receives the refusal.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { AGENT_CLIS, agentPackage, type AgentCli, runAgent } from '../agents/agentClis';
import { startModelServer } from '../agents/modelServer';
import { activeApi, EXTENSION_ID, extensionLogTail, firstFolder, type TestApi } from './helpers';
import { print } from './report';
import type { ConfirmQuestion } from '../../src/ui/person';

interface Outcome {
	done: { agent: string; outcome: string }[];
	failed: { agent: string; message: string }[];
}

/** Who the question names for each agent: the name of the hook adapter its config runs. */
const ASKED_BY: Record<AgentCli, string> = {
	'claude-code': 'Claude Code',
	// Copilot CLI runs the hook installed for the VS Code agent (~/.copilot/hooks), so it is named as that.
	copilot: 'The VS Code agent (Copilot)',
	codex: 'Codex',
	gemini: 'Gemini CLI',
	opencode: 'OpenCode',
};

/**
 * The command the model asks for. Codex refuses `rm -f` style commands itself, after the hooks ("rm -f
 * style commands are not permitted"), so a confirmed `rm -rf` would not run there whatever the person typed.
 */
const COMMAND: Record<AgentCli, string> = { 'claude-code': 'rm -rf victim', copilot: 'rm -rf victim', codex: 'rm -r victim', gemini: 'rm -rf victim', opencode: 'rm -rf victim' };

/** How each agent passes a refusal on to the model (Copilot CLI: "Denied by preToolUse hook: <reason>"). */
function refusal(cli: AgentCli): RegExp {
	return new RegExp(`${cli === 'copilot' ? '^Denied by preToolUse hook: ' : ''}Terminal Guard stopped this command: ${COMMAND[cli]}[\\s\\S]*It was not confirmed in the editor`);
}

const CLIS: readonly AgentCli[] = ['claude-code', 'copilot', 'codex', 'gemini', 'opencode'];

suite('Real agent CLIs with the editor running', () => {
	let api: TestApi;
	let runHome: string;
	let home: string;
	let root: string;
	const questions: ConfirmQuestion[] = [];
	let answer: string | undefined;
	const created: string[] = [];

	suiteSetup(async function () {
		this.timeout(60000);
		api = await activeApi();
		runHome = process.env.TERMINAL_GUARD_AGENTS_HOME ?? '';
		assert.ok(runHome, 'the harness sets TERMINAL_GUARD_AGENTS_HOME');
		// A home of this suite's own inside the run's (which other suites leave files in, on purpose
		// malformed ones too); the installer reads the variable at every call.
		home = fs.mkdtempSync(path.join(runHome, 'real-agents-'));
		process.env.TERMINAL_GUARD_AGENTS_HOME = home;
		root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
		assert.ok(root);
		api.setAnswererForTests({
			confirm: (question: ConfirmQuestion) => {
				questions.push(question);
				return Promise.resolve(answer);
			},
			refused: () => Promise.resolve(),
		});
		// The agents' own configuration first (model provider, sign-in choice); the installer merges into it.
		for (const cli of CLIS) {
			AGENT_CLIS[cli].prepareHome(home, 'http://127.0.0.1:9');
		}
		const agents = [...new Set(CLIS.map((cli) => AGENT_CLIS[cli].installAs))];
		const result = await vscode.commands.executeCommand<Outcome>('terminalGuard.protectAgents', { agents, scope: 'user' });
		assert.deepStrictEqual(result.failed, []);
		assert.deepStrictEqual(result.done.map((d) => d.agent).sort(), agents.slice().sort());
	});

	suiteTeardown(async () => {
		api?.setAnswererForTests(undefined);
		if (home) {
			const targets = [...new Set(CLIS.map((cli) => AGENT_CLIS[cli].installAs))].map((agent) => ({ agent, scope: 'user' }));
			await vscode.commands.executeCommand('terminalGuard.removeAgentProtection', { targets });
			process.env.TERMINAL_GUARD_AGENTS_HOME = runHome;
			fs.rmSync(home, { recursive: true, force: true });
		}
		for (const dir of created) {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	/** One task of `cli` asking to run COMMAND[cli] (which deletes `victim`) in a fresh folder of the workspace. */
	async function attempt(cli: AgentCli, typed: string | undefined) {
		const spec = AGENT_CLIS[cli];
		const work = fs.mkdtempSync(path.join(firstFolder().uri.fsPath, `agent-${cli}-`));
		created.push(work);
		fs.mkdirSync(path.join(work, 'victim'));
		fs.writeFileSync(path.join(work, 'victim', 'data.txt'), 'precious\n');
		const server = await startModelServer({ command: COMMAND[cli] });
		const asked = questions.length;
		answer = typed;
		try {
			// The model's address changes per run: write the agent's own config again (Codex keeps it in a file).
			spec.prepareHome(home, server.url);
			// HOME is the editor's, as for an agent the person runs beside the editor: the hook finds the
			// editor's bridge under it. The agent's configuration (and so the hook) is in the run's home.
			const run = await runAgent(spec, { root, home: os.homedir(), configHome: home, cwd: work, modelUrl: server.url, timeoutMs: 60000 });
			const why = () => [
				`${spec.packageName}: exit ${run.code} after ${run.ms} ms`,
				`questions: ${JSON.stringify(questions.slice(asked).map((q) => [q.line, q.askedBy, q.expected]))}`,
				`exchanges: ${JSON.stringify(server.exchanges.map((e) => ({ results: e.toolResults, answer: e.answer })))}`,
				`stderr: ${run.stderr.slice(-2000)}`,
				`the editor's log: ${extensionLogTail(15)}`,
			].join('\n');
			print(`      ${spec.packageName} answered ${JSON.stringify(typed)}: ${run.ms} ms\n`);
			return { run, results: server.toolResults(), questions: questions.slice(asked), victim: fs.existsSync(path.join(work, 'victim', 'data.txt')), why };
		} finally {
			await server.close();
		}
	}

	for (const cli of CLIS) {
		const spec = AGENT_CLIS[cli];
		suite(`${spec.packageName}`, () => {
			test('the question names the agent and the target; typing the target lets the agent\'s command run', async function () {
				this.timeout(90000);
				const { version } = agentPackage(root, spec);
				print(`      ${spec.packageName} ${version}, VS Code ${vscode.version}\n`);
				const outcome = await attempt(cli, 'victim');
				assert.strictEqual(outcome.run.code, 0, outcome.why());
				assert.deepStrictEqual(outcome.questions.map((q) => [q.line, q.askedBy, q.expected]), [[COMMAND[cli], ASKED_BY[cli], 'victim']], outcome.why());
				assert.ok(!outcome.victim, `the confirmed command did not run\n${outcome.why()}`);
				assert.strictEqual(outcome.results.length, 1, outcome.why());
				assert.doesNotMatch(outcome.results[0], /Terminal Guard stopped|Denied by preToolUse/, outcome.why());
			});

			// One refusal per agent keeps the suite short: a wrong name for two agents, Escape for the others.
			const [what, typed] = cli === 'claude-code' || cli === 'codex' ? ['a wrong name', 'not-victim'] : ['Escape', undefined];
			{
				test(`${what} refuses it: the folder survives and the agent receives the refusal`, async function () {
					this.timeout(90000);
					const outcome = await attempt(cli, typed);
					assert.strictEqual(outcome.run.code, 0, outcome.why());
					assert.deepStrictEqual(outcome.questions.map((q) => [q.line, q.askedBy]), [[COMMAND[cli], ASKED_BY[cli]]], outcome.why());
					assert.ok(outcome.victim, `the refused command ran\n${outcome.why()}`);
					assert.strictEqual(outcome.results.length, 1, outcome.why());
					assert.match(outcome.results[0], refusal(cli), outcome.why());
				});
			}
		});
	}
});
