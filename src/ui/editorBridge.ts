/**
 * Wires the bridge into VS Code: judges with EditorGuard (so production and the user's settings
 * apply), asks the same person — the same modal — as the guarded terminal, and keeps the discovery
 * file's workspace folders current. Lives in src/ui/ so that src/bridge/ stays free of `vscode`.
 */
import * as vscode from 'vscode';
import { adapterFor } from '../agents';
import { auditEntryFor, type BridgeAuditSink } from '../bridge/audit';
import { type Asker, BridgeServer, type BridgeEvent } from '../bridge/server';
import { blastSummary } from '../blast';
import { startBlast, saferFor } from './blastInDialog';
import type { EditorGuard } from './guard';
import { choseSafer } from './dialogQuestion';
import type { Answerer } from './person';
import { readSettings } from './settings';
import { trashInstead } from './trashInstead';

export interface EditorBridgeDeps {
	readonly guard: EditorGuard;
	readonly answerer: () => Answerer;
	readonly log: vscode.LogOutputChannel;
	/** The audit log (src/ui/auditLog.ts's `AuditLog`), when there is one. */
	readonly audit?: BridgeAuditSink;
	/** A shell says Terminal Guard's Enter hook is loaded in it (src/ui/hookedShells.ts). */
	readonly onHooked?: (pid: number) => void;
}

function fileFolders(): string[] {
	return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** `terminalGuard.confirmTimeoutSeconds`, from the user's settings only (a workspace cannot shorten or stretch it). */
function confirmTimeoutMs(): number {
	return readSettings().confirmTimeoutMs;
}

function describe(event: BridgeEvent): string {
	const { request, verdict, outcome } = event;
	return `[bridge] ${request.agent} ${outcome}${verdict?.rule ? ` (${verdict.rule})` : ''} in ${request.cwd}: ${request.line.slice(0, 500)}`;
}

/**
 * The person, for an agent's question: the dialog gets the blast radius and the safer way (derived here
 * from the agent's line, never from anything the agent sent besides it). Choosing the safer way moves
 * the paths to the trash here, or hands the agent the safer line — only once this editor judged it safe;
 * otherwise the agent is told to run it and it is asked about again.
 */
function askerFor(answerer: () => Answerer, guard: EditorGuard, log: vscode.LogOutputChannel): () => Asker {
	return () => ({
		confirm: async (question, signal) => {
			const command = question.action !== 'edit';
			const folders = fileFolders();
			const env = { HOME: process.env.HOME };
			const blast = command ? startBlast(question.line, { hits: [] }, question.cwd, folders, env) : undefined;
			const safer = command ? saferFor(question.line, question.cwd, folders, env) : undefined;
			const answer = await answerer().confirm({ ...question, ...(blast ? { blast } : {}), ...(safer ? { safer } : {}) }, signal);
			// For the agent's refusal and the audit log: what was counted by the time the person answered.
			const counted = blast ? { blast: blast.report ? blastSummary(blast.report) : 'still counting when answered' } : {};
			if (!choseSafer(answer)) {
				return { typed: answer, ...counted };
			}
			if (signal.aborted || answer.safer !== safer || safer === undefined) {
				return { ...counted };
			}
			if (safer.kind === 'trash') {
				const { moved, problems } = await trashInstead(safer.paths, answerer, log);
				return { instead: `moved ${moved.join(', ') || 'nothing'} to the system trash (the person can restore it); the command itself was not run.${problems}`, ...counted };
			}
			const again = await guard.checkInTerminal(safer.line, question.cwd, {});
			return again.decision === 'allow'
				? { instead: `run \`${safer.line}\``, line: safer.line, ...counted }
				: { instead: `run \`${safer.line}\` (a person must confirm that one too)`, ...counted };
		},
	});
}

/** Starts the bridge in the background; a failure to start is logged and leaves the rest working. */
export function startEditorBridge({ guard, answerer, log, audit, onHooked }: EditorBridgeDeps): vscode.Disposable {
	const bridge = new BridgeServer({
		judge: (line, cwd, env, shell) => guard.checkInTerminal(line, cwd, env, shell),
		answerer: askerFor(answerer, guard, log),
		agentName: (id) => adapterFor(id)?.name,
		confirmTimeoutMs,
		onHooked,
		onEvent: (event) => {
			log.info(describe(event));
			const entry = audit && auditEntryFor(event, vscode.workspace.getWorkspaceFolder(vscode.Uri.file(event.request.cwd))?.uri.fsPath ?? null);
			if (entry) {
				void audit.append(entry).catch((error: unknown) => log.error('[bridge] could not write the audit log', error));
			}
		},
		log: (level, message) => log[level](message),
	}, { folders: fileFolders() });
	const started = bridge.start().catch((error: unknown) => {
		log.error(`[bridge] agents cannot reach this window: ${error instanceof Error ? error.message : String(error)}`);
	});
	const folders = vscode.workspace.onDidChangeWorkspaceFolders(() => {
		void started.then(() => bridge.setFolders(fileFolders()));
	});
	return new vscode.Disposable(() => {
		folders.dispose();
		void started.then(() => bridge.dispose());
	});
}
