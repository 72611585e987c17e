/**
 * PowerShell cmdlets that run other code or stand for another program, peeled like bash's wrappers
 * (shell/wrappers.ts): `Invoke-Expression 'code'`, `Start-Process -FilePath x -ArgumentList …`, and
 * `Invoke-RestMethod` / `Invoke-WebRequest`, which are judged as the equivalent curl request so the
 * HTTP and GraphQL analysis (http/) applies as it is. `Clear-Content` is judged as `truncate -s 0`.
 * The words arrive bound by powershell/parse.ts: parameters in full, values after them.
 */
import { literalWord } from '../shell/argv';
import { wrapper, type Step } from '../shell/wrappers';
import type { Word } from '../types';
import { isSwitch } from './cmdlets';

/** Named values and the remaining positional words of a bound PowerShell command. */
function named(args: readonly Word[]): { values: Map<string, Word>; switches: Set<string>; rest: Word[] } {
	const values = new Map<string, Word>();
	const switches = new Set<string>();
	const rest: Word[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (t === '--') {
			rest.push(...args.slice(i + 1));
			break;
		}
		if (/^-[A-Za-z]/.test(t) && !args[i].dynamic) {
			const name = t.slice(1).toLowerCase();
			if (isSwitch(name) || args[i + 1] === undefined) {
				switches.add(name);
			} else {
				values.set(name, args[i + 1]);
				i++;
			}
			continue;
		}
		rest.push(args[i]);
	}
	return { values, switches, rest };
}

wrapper(['invoke-expression'], (args) => {
	const { values, rest } = named(args);
	const code = values.get('command') ?? rest[0];
	return code && !code.dynamic ? { kind: 'script', scripts: [code.text], label: 'Invoke-Expression', dialect: 'powershell' } : undefined;
});

wrapper(['start-process'], (args) => {
	const { values, switches, rest } = named(args);
	const file = values.get('filepath') ?? rest[0];
	if (!file || file.dynamic || switches.has('whatif')) {
		return undefined;
	}
	const list = values.get('argumentlist') ?? (values.has('filepath') ? rest[0] : rest[1]);
	// One string is split by the new process as a command line; an array is its words (`'/c','rd /s /q x'`).
	const argText = list === undefined ? '' : list.dynamic ? list.raw.replace(/,/g, ' ') : list.text;
	return { kind: 'script', scripts: [`& '${file.text.replace(/'/g, "''")}' ${argText}`], label: 'Start-Process', dialect: 'powershell' };
});

wrapper(['invoke-restmethod', 'invoke-webrequest'], (args, inv) => {
	const { values, switches, rest } = named(args);
	const uri = values.get('uri') ?? rest[0];
	if (!uri || switches.has('whatif')) {
		return undefined;
	}
	const method = values.get('custommethod') ?? values.get('method');
	const argv: Word[] = [literalWord('curl')];
	if (method) {
		argv.push(literalWord('-X'), { ...method, text: method.text.toUpperCase() });
	}
	const contentType = values.get('contenttype');
	if (contentType) {
		argv.push(literalWord('-H'), { ...contentType, text: `Content-Type: ${contentType.text}` });
	}
	for (const header of hashtable(values.get('headers'))) {
		argv.push(literalWord('-H'), literalWord(header));
	}
	const body = values.get('body');
	if (body) {
		argv.push(literalWord('--data'), body);
	}
	const inFile = values.get('infile');
	if (inFile) {
		argv.push(literalWord('--data-binary'), { ...inFile, text: `@${inFile.text}` });
	}
	argv.push(uri);
	const step: Step = { kind: 'argv', argv, label: inv.argv[0].text };
	return step;
});

/** `@{Authorization='Bearer x'; 'X-Env'="prod"}` → `Authorization: Bearer x`, … (plain entries only). */
function hashtable(word: Word | undefined): string[] {
	if (!word || !/^@\{/.test(word.raw)) {
		return [];
	}
	const out: string[] = [];
	for (const m of word.raw.matchAll(/['"]?([\w-]+)['"]?\s*=\s*(?:'([^']*)'|"([^"$`]*)")/g)) {
		out.push(`${m[1]}: ${m[2] ?? m[3]}`);
	}
	return out;
}

wrapper(['clear-content'], (args) => {
	const { switches, rest } = named(args);
	return rest.length > 0 && !switches.has('whatif') ? { kind: 'argv', argv: [literalWord('truncate'), literalWord('-s'), literalWord('0'), ...rest], label: 'Clear-Content' } : undefined;
});
