/** Wires Terminal Guard's rooms into VS Code. No logic lives here (docs/decisions.md). */
import * as path from 'path';
import * as vscode from 'vscode';
import { startEditorBridge } from './ui/editorBridge';
import { registerOnboarding, type WelcomeState } from './onboarding';
import { registerAgentProtection } from './ui/agentProtection';
import { createApi, createTestHooks, type TerminalGuardApi, type TestHooks } from './ui/api';
import { AUDIT_FILE_NAME, AuditLog } from './ui/auditLog';
import { CHECK_COMMAND, checkCommandLine } from './ui/checkCommandLine';
import { type ChoiceAnswerer, modalChoice } from './ui/choices';
import { registerCommand } from './ui/commands';
import { DefaultProfile, MAKE_DEFAULT_COMMAND, RESTORE_DEFAULT_COMMAND } from './ui/defaultProfile';
import { EditorGuard } from './ui/guard';
import { registerGuardedTerminal } from './ui/guardedTerminalProfile';
import { HookedShells } from './ui/hookedShells';
import { IgnoredSettingsWarner } from './ui/ignoredSettings';
import { menuItems, showMenu } from './ui/menu';
import { OneAtATime } from './ui/oneAtATime';
import { type Answerer, ModalAnswerer } from './ui/person';
import { ProductionMemory } from './ui/productionMemory';
import { agentsHome } from './agents/install';
import { PersonalRulesSync } from './ui/personalRules';
import { personalRulesFileName } from './ui/personalRulesFile';
import { watchSettings } from './ui/settings';
import { SHOW_AUDIT_LOG_COMMAND, showAuditLog } from './ui/showAuditLog';
import { GuardStatus, MENU_COMMAND } from './ui/statusBar';
import { TeamPolicyReporter } from './ui/teamPolicy';

export function activate(context: vscode.ExtensionContext): TerminalGuardApi | (TerminalGuardApi & TestHooks & { readonly welcome: WelcomeState }) {
	const log = vscode.window.createOutputChannel('Terminal Guard', { log: true });
	// First: every reader of the settings below gets them through the kept copies this keeps current.
	context.subscriptions.push(watchSettings());
	let testChoices: ChoiceAnswerer | undefined;
	const production = new ProductionMemory(context.globalState, () => testChoices ?? modalChoice, log);
	const warner = new IgnoredSettingsWarner(log);
	const guard = new EditorGuard(log, production);
	const hooked = new HookedShells();
	const defaultProfile = new DefaultProfile(context.globalState, () => testChoices ?? modalChoice, log);
	const audit = new AuditLog(path.join(context.globalStorageUri.fsPath, AUDIT_FILE_NAME), (error) => log.error('[audit] could not write the audit log', error));
	const teamPolicy = new TeamPolicyReporter(log);
	// Terminals and agents share the person: one confirmation at a time.
	const person = new OneAtATime(new ModalAnswerer());
	let testAnswerer: Answerer | undefined;
	const terminals = { guard, answerer: () => testAnswerer ?? person, log, audit, defaultProfile, warner };
	const onboarding = registerOnboarding(context, terminals);
	const sources = { protection: onboarding.protection, team: teamPolicy };
	const status = new GuardStatus(guard, hooked, sources.protection, sources.team);
	context.subscriptions.push(
		teamPolicy,
		onboarding.disposable,
		log,
		production,
		warner,
		hooked,
		status,
		registerCommand(CHECK_COMMAND, log, (line) => checkCommandLine(guard, line)),
		registerGuardedTerminal(terminals),
		startEditorBridge({ ...terminals, onHooked: (pid) => hooked.announce(pid) }),
		registerCommand(SHOW_AUDIT_LOG_COMMAND, log, () => showAuditLog(audit)),
		registerCommand(MAKE_DEFAULT_COMMAND, log, () => defaultProfile.make()),
		registerCommand(RESTORE_DEFAULT_COMMAND, log, () => defaultProfile.restore()),
		registerCommand(MENU_COMMAND, log, () => showMenu(defaultProfile, sources)),
		registerAgentProtection(context, log),
		// The person's user-level rules, for hooks and gates that no editor answers.
		new PersonalRulesSync(production, log, { home: agentsHome(), fileName: personalRulesFileName(vscode.env.appName, context.globalStorageUri.fsPath), writtenBy: `${vscode.env.appName} ${vscode.version}` }),
	);
	// Load the parser in the background so the first check is quick; a failure is logged by `ready`.
	guard.ready().catch(() => undefined);
	log.info(`[main] activated in VS Code ${vscode.version}`);
	const api = createApi({ guard, status, warner, audit, menuItems: () => menuItems(defaultProfile, sources) });
	if (context.extensionMode !== vscode.ExtensionMode.Test) {
		// Installed: another extension gets nothing that answers for the person or reads their terminals.
		return api;
	}
	const hooks = createTestHooks({ setAnswerer: (answerer) => (testAnswerer = answerer), setChoiceAnswerer: (answerer) => (testChoices = answerer) });
	// The welcome's state is a test hook too (test/integration/onboarding.test.ts).
	return Object.assign(api, hooks, { welcome: onboarding.welcome });
}

export function deactivate(): void {}
