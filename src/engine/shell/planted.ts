/**
 * What text written into a file whose commands run later will run: a git hook, a cron.daily script or a shell
 * startup file (~/.bashrc: every new shell) is a program, a git config sets commands (`[alias] x = !cmd`, `core.pager`), a cron table, an ssh config, a
 * systemd unit, an autostart entry and a LaunchAgent name them. The line that writes it is judged as if
 * it ran them: `printf '…| base64 -d | sh' > .git/hooks/pre-commit` plants `rm -rf ~` as surely as typing
 * it would run it, only later and unasked (rules/self-protection.ts asks about the file itself).
 */
import { guardFileOf, sourcedByShells } from '../rules/self-protection-files';
import { cronCommands, gitConfigCommandsIn, sshConfigCommands } from './wrappers-escapes';

export interface Planted {
	/** Shell commands the file sets (config values, table entries). */
	readonly commands: readonly string[];
	/** The whole text, when the file is itself a program that runs later (a hook, a cron.daily script, ~/.ssh/rc). */
	readonly program?: string;
}

/** Files judged by what they plant, by path (each also a runs-later file of rules/self-protection-files.ts). */
const SHAPES: readonly { readonly path: RegExp; readonly read: (text: string, fragment: boolean) => Planted }[] = [
	{ path: /\/\.git\/hooks\/[^/]+$|\/\.husky\/(?:[^/]+\/)*[^/]+$|^\/etc\/cron\.(?:hourly|daily|weekly|monthly)\/[^/]+$|\/\.ssh\/rc$/, read: (text) => ({ commands: [], program: text }) },
	// Lines added by an in-place edit (`sed -i '/\[alias\]/a x = !…'`) come without their section: read as an alias or a core setting.
	{ path: /\/\.gitconfig$|\/git\/config$|\/\.git\/config$|^\/etc\/gitconfig$/, read: (text, fragment) => ({ commands: fragment ? [...gitConfigCommandsIn(`[alias]\n${text}`), ...gitConfigCommandsIn(`[core]\n${text}`)] : gitConfigCommandsIn(text) }) },
	{ path: /^\/etc\/crontab$|^\/etc\/cron\.d\/[^/]+$/, read: (text) => ({ commands: cronCommands(text, true) }) },
	{ path: /^\/var\/spool\/cron\//, read: (text) => ({ commands: cronCommands(text) }) },
	{ path: /\/ssh\/ssh_config(?:\.d\/[^/]+)?$|\/\.ssh\/config$/, read: (text) => ({ commands: sshConfigCommands(text) }) },
	{ path: /\/systemd\/(?:user|system)\//, read: (text) => ({ commands: valuesOf(text, /^\s*Exec[A-Za-z]*\s*=\s*[-@:+!|]*(.*)$/) }) },
	{ path: /\/autostart\/[^/]+$/, read: (text) => ({ commands: valuesOf(text, /^\s*(?:Exec|TryExec)\s*=\s*(.*)$/).map((c) => c.replace(/%[fFuUdDnNickvm]/g, '')) }) },
	{ path: /\/Library\/Launch(?:Agents|Daemons)\/[^/]+$/, read: (text) => ({ commands: launchdCommands(text) }) },
];

/**
 * The commands `content`, written to `file` (absolute), plants for later; undefined when the file is not
 * one whose commands run later or holds nothing that runs. `fragment`: the text is added to the file by an
 * in-place edit, not the whole of it.
 */
export function plantedBy(file: string, content: string, home: string, fragment = false): Planted | undefined {
	if (content.trim() === '' || file.startsWith('/dev/')) {
		return undefined;
	}
	const kind = guardFileOf(file, home)?.file.kind;
	if (kind === 'startup' && sourcedByShells(file)) {
		// Every new shell runs it: `echo '… | base64 -d | sh' >> ~/.bashrc` plants what it decodes.
		return { commands: [], program: content };
	}
	if (kind !== 'later') {
		return undefined;
	}
	const planted = SHAPES.find((s) => s.path.test(file))?.read(content, fragment);
	return planted && (planted.commands.length > 0 || planted.program !== undefined) ? planted : undefined;
}

function valuesOf(text: string, pattern: RegExp): string[] {
	return text.split('\n').map((line) => pattern.exec(line)?.[1].trim() ?? '').filter((v) => v !== '');
}

/** A launchd plist's `Program` and `ProgramArguments` (each string one argument), as shell text. */
function launchdCommands(text: string): string[] {
	const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
	const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
	const out: string[] = [];
	const args = /<key>\s*ProgramArguments\s*<\/key>\s*<array>([\s\S]*?)<\/array>/i.exec(text);
	if (args) {
		out.push([...args[1].matchAll(/<string>([\s\S]*?)<\/string>/gi)].map((m) => quote(unescape(m[1]))).join(' '));
	}
	const program = /<key>\s*Program\s*<\/key>\s*<string>([\s\S]*?)<\/string>/i.exec(text);
	if (program) {
		out.push(quote(unescape(program[1])));
	}
	return out.filter((c) => c !== '');
}
