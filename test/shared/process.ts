/**
 * Runs `node ARGS` as a hook or a gate is run: a separate process with only PATH and HOME, `input` on its
 * stdin; resolves with its exit status and output (stdin closing early is not an error).
 */
import { spawn } from 'child_process';
import * as os from 'os';

export interface NodeRun {
	readonly status: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

export function runNode(args: readonly string[], { input = '', home = os.homedir(), cwd = os.tmpdir() }: { input?: string; home?: string; cwd?: string } = {}): Promise<NodeRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: home } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		child.on('error', reject);
		child.on('close', (status) => resolve({ status, stdout, stderr }));
		child.stdin.on('error', () => undefined);
		child.stdin.end(input);
	});
}
