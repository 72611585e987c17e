/**
 * `terminal-guard shell [--agent NAME] [-- SHELL [ARGS…]]`: runs SHELL (default $SHELL) on this
 * terminal with every command line checked by the editor first (src/agents/shellSession.ts).
 */
import { SHIM_ELECTRON_VARIABLE } from '../agents/install/shim';
import { chooseShell, DEFAULT_AGENT_NAME, editorJudge, oneShotLine, runOneShot, runShellSession, shellEnvironment } from '../agents/shellSession';
import { askEditor } from '../bridge/client';
import { terminalShell } from '../engine/shells';
import { offlineCheck } from './offline';

export const SHELL_USAGE = '  terminal-guard shell [--agent NAME] [-- SHELL [ARGS...]]   run SHELL (default $SHELL) with each command line confirmed in the editor';

export async function shellCommand(args: readonly string[]): Promise<number | string> {
	let agent = DEFAULT_AGENT_NAME;
	let i = 0;
	for (; i < args.length; i++) {
		if (args[i] === '--agent') {
			const value = args[++i];
			if (!value) {
				return '--agent needs a name';
			}
			agent = value;
		} else if (args[i].startsWith('--agent=')) {
			agent = args[i].slice('--agent='.length);
		} else if (args[i] === '--') {
			i++;
			break;
		} else if (args[i].startsWith('-')) {
			return `unknown option ${args[i]} for shell`;
		} else {
			break;
		}
	}
	const env = shellEnvironment(process.env, SHIM_ELECTRON_VARIABLE);
	const { shellPath, args: shellArgs } = chooseShell(args.slice(i), env);
	// An interactive pwsh or cmd.exe: its lines (read off the screen) are judged as that shell's.
	const judge = editorJudge(askEditor, agent, offlineCheck(), terminalShell(shellPath));
	// `bash -c …` and scripts (agent hosts that spawn the shell without a terminal): judged once, up front.
	const line = oneShotLine(shellPath, shellArgs);
	if (line !== undefined) {
		return runOneShot({ shellPath, args: shellArgs, line, judge, env });
	}
	return runShellSession({
		shellPath,
		args: shellArgs,
		env,
		judge,
		log: (level, message) => {
			if (level === 'error' || process.env.TERMINAL_GUARD_DEBUG) {
				process.stderr.write(`terminal-guard shell: ${message}\r\n`);
			}
		},
	});
}
