/**
 * The audit log: one JSON object per line (JSON Lines) appended to a file in the extension's global
 * storage. Appends are serialized so lines never interleave; a failed write is reported to `onError`
 * and never rejects, so logging can never hold up (or undo) a refusal. No vscode import.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface AuditEntry {
	time: string;            // ISO 8601
	workspace: string | null;// workspace folder path the command belongs to
	cwd: string;
	command: string;
	rule: string | null;
	target: string | null;
	outcome: 'confirmed' | 'refused' | 'cancelled' | 'timed-out' | 'denied' | 'withdrawn' | 'safer';
	askedBy: string;         // 'person-in-terminal' | 'automation-in-terminal' | 'agent:<name>'
	production: boolean;
	/** How much it would have destroyed, as counted when it was asked (src/blast/); absent when not counted. */
	blast?: string;
	/** What ran instead when the person chose the safer way (`outcome` is then 'safer'). */
	instead?: string;
}

export const AUDIT_FILE_NAME = 'audit.jsonl';

export class AuditLog {
	private queue: Promise<void> = Promise.resolve();

	constructor(readonly file: string, private readonly onError: (error: unknown) => void = () => undefined) {}

	/** Appends `entry` after every earlier append; resolves once written (or once the failure was reported). */
	append(entry: AuditEntry): Promise<void> {
		const line = `${JSON.stringify(entry)}\n`;
		this.queue = this.queue.then(async () => {
			try {
				await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
				await fs.promises.appendFile(this.file, line, { encoding: 'utf8', mode: 0o600 });
			} catch (error) {
				try {
					this.onError(error);
				} catch {
					// Reporting must not break the queue either.
				}
			}
		});
		return this.queue;
	}

	/** Every entry written so far (unreadable lines skipped); [] when there is no log yet. */
	async read(): Promise<AuditEntry[]> {
		await this.queue;
		let text: string;
		try {
			text = await fs.promises.readFile(this.file, 'utf8');
		} catch {
			return [];
		}
		return text.split('\n').filter(Boolean).flatMap((line) => {
			try {
				return [JSON.parse(line) as AuditEntry];
			} catch {
				return [];
			}
		});
	}
}
