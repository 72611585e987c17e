/**
 * dist/gate.js: `terminal-guard gate` and `terminal-guard hooked` without the engine, for the shells
 * of the terminals VS Code starts (one run per Enter; the shim sends these two commands here). It asks
 * the editor; only when no editor answers does it load the full CLI (dist/cli.js, beside it) so the
 * engine decides here (safe lines run, nothing else).
 */
import * as path from 'node:path';
import { BridgeSession, meaningOf } from '../bridge/client';
import type { Judge } from '../terminal/judging';
import { gateCommand, hookedCommand } from './gateCommand';

/** The exports of dist/cli.js this entry uses (src/cli/main.ts). */
interface FullCli {
	decideHereForGate(line: string, cwd: string, why: string): ReturnType<Judge>;
}

/** One connection to the editor for all of this process's questions (a `gate --serve` helper asks many). */
const session = new BridgeSession();

function leanJudge(agent: string): Judge {
	return async (line, cwd, signal) => {
		const meaning = meaningOf(await session.ask({ kind: 'confirm', line, cwd, agent }, { signal }));
		if (meaning.run !== 'decide-here') {
			return meaning;
		}
		const full = require(path.join(__dirname, 'cli.js')) as FullCli;
		return full.decideHereForGate(line, cwd, meaning.why);
	};
}

async function main(args: readonly string[]): Promise<number> {
	const code = args[0] === 'hooked' ? await hookedCommand(args.slice(1)) : args[0] === 'gate' ? await gateCommand(args.slice(1), leanJudge) : `gate.js runs only "gate" and "hooked", not ${JSON.stringify(args[0] ?? '')}`;
	if (typeof code === 'string') {
		process.stderr.write(`terminal-guard: ${code}\n`);
		return 64;
	}
	return code;
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		// A gate that fails must not let the line run.
		process.stderr.write(`■ Terminal Guard stopped: the check failed (${error instanceof Error ? error.message : String(error)}) — not run.\n`);
		process.exitCode = 126;
	},
);
