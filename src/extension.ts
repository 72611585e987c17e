/** Wires Terminal Guard's rooms into VS Code. No logic lives here (docs/decisions.md). */
import * as vscode from 'vscode';
import { startEditorBridge } from './bridge/editorBridge';
import { registerOnboarding, type WelcomeState } from './onboarding';
import { registerAgentProtection } from './ui/agentProtection';
import { createApi, type TerminalGuardApi } from './ui/api';
import { CHECK_COMMAND, checkCommandLine } from './ui/checkCommandLine';
import { registerCommand } from './ui/commands';
import { EditorGuard } from './ui/guard';
import { registerGuardedTerminal } from './ui/guardedTerminalProfile';
import { OneAtATime } from './ui/oneAtATime';
import { type Answerer, ModalAnswerer } from './ui/person';
import { createStatusBar } from './ui/statusBar';

export function activate(context: vscode.ExtensionContext): TerminalGuardApi & { readonly welcome: WelcomeState } {
	const log = vscode.window.createOutputChannel('Terminal Guard', { log: true });
	const guard = new EditorGuard(log);
	const status = createStatusBar();
	// Terminals and agents share the person: one confirmation at a time.
	const person = new OneAtATime(new ModalAnswerer());
	let testAnswerer: Answerer | undefined;
	const terminals = { guard, answerer: () => testAnswerer ?? person, log };
	const onboarding = registerOnboarding(context, terminals);
	context.subscriptions.push(
		onboarding.disposable,
		log,
		status,
		registerCommand(CHECK_COMMAND, log, (line) => checkCommandLine(guard, line)),
		registerGuardedTerminal(terminals),
		startEditorBridge(terminals),
		registerAgentProtection(context, log),
	);
	// Load the parser in the background so the first check is quick; a failure is logged by `ready`.
	guard.ready().catch(() => undefined);
	log.info(`[main] activated in VS Code ${vscode.version}`);
	// The welcome's state is a test hook (test/integration/onboarding.test.ts).
	return Object.assign(createApi(guard, status, (answerer) => (testAnswerer = answerer)), { welcome: onboarding.welcome });
}

export function deactivate(): void {}
