/**
 * Files an interpreter loads before the program it is given: preloads named on its command line or in
 * the environment it is started with.
 */
import type { ScriptLanguage } from './scripts';
import type { Word } from '../types';

/** A preload given as a path (`./x.js`, `/tmp/x.js`, `file:///…`); a bare name is an installed package. */
function preloadPath(value: string): string | undefined {
	return /^(?:\.{0,2}\/|~\/|file:)/.test(value) ? value.replace(/^file:\/\//, '') : undefined;
}

/**
 * Files an interpreter loads before the program, from its options and its environment: `node -r F` /
 * `--import F`, `ruby -rLIB` with `-I`/RUBYLIB folders, `perl -MMod` with `-I`/PERL5LIB folders, the same
 * switches in RUBYOPT and PERL5OPT, PHP's `-d auto_prepend_file=F`, and Python's `sitecustomize.py` in PYTHONPATH folders.
 * `node --require /tmp/x.js app.js` runs /tmp/x.js first. `switchesFromEnv`: read NODE_OPTIONS, RUBYOPT, PERL5OPT
 * and PYTHONPATH too (commandVariables.ts, for whatever program the variables are set for: `bundle exec` is Ruby).
 */
export function preloads(language: ScriptLanguage, args: readonly Word[], env: Readonly<Record<string, string | undefined>>, switchesFromEnv: boolean): string[] {
	const words = args.map((w) => w.text);
	const fromEnv = (name: string): string[] => (switchesFromEnv ? (env[name] ?? '').trim().split(/\s+/).filter(Boolean) : []);
	const dirs = (name: string): string[] => (env[name] ?? '').split(':').filter(Boolean);
	/**
	 * `-rX`, `-r X`, `--require=X`, `--require X` among `list`, for any of `names`, up to `--`. Other words are passed
	 * over, not taken as the program: options with values stand between (`node --stack-size 100 -r F`), and a
	 * preload-looking word after the program is only read the stricter way.
	 */
	const values = (list: readonly string[], names: readonly string[]): string[] => {
		const out: string[] = [];
		for (let i = 0; i < list.length; i++) {
			const t = list[i];
			if (t === '--') {
				break;
			}
			for (const n of names) {
				if (t === n) {
					out.push(list[++i] ?? '');
				} else if (n.startsWith('--') ? t.startsWith(`${n}=`) : t.startsWith(n)) {
					out.push(t.slice(n.length + (n.startsWith('--') ? 1 : 0)));
				}
			}
		}
		return out.filter(Boolean);
	};
	if (language === 'javascript') {
		const switches = [...fromEnv('NODE_OPTIONS'), ...words];
		return values(switches, ['-r', '--require', '--import', '--loader', '--experimental-loader']).flatMap((v) => preloadPath(v) ?? []);
	}
	if (language === 'ruby') {
		const switches = [...fromEnv('RUBYOPT'), ...words];
		const folders = [...values(switches, ['-I']), ...dirs('RUBYLIB')];
		return values(switches, ['-r']).flatMap((lib) => (lib.includes('/') ? [lib, `${lib}.rb`] : folders.map((d) => `${d.replace(/\/+$/, '')}/${lib}.rb`)));
	}
	if (language === 'perl') {
		const switches = [...fromEnv('PERL5OPT'), ...words];
		const folders = [...values(switches, ['-I']), ...dirs('PERL5LIB')];
		const modules = values(switches, ['-M', '-m']).map((m) => m.replace(/^-/, '').replace(/[= ].*$/s, '')).filter((m) => /^[\w:]+$/.test(m));
		return modules.flatMap((m) => folders.map((d) => `${d.replace(/\/+$/, '')}/${m.replace(/::/g, '/')}.pm`));
	}
	if (language === 'php') {
		// `php -d auto_prepend_file=/tmp/x.php …`: the file runs before the script (auto_append_file after it).
		return values(words, ['-d']).flatMap((v) => /^auto_(?:prepend|append)_file\s*=\s*(.+)$/.exec(v)?.[1]?.replace(/^["']|["']$/g, '') ?? []);
	}
	if (language === 'python' && switchesFromEnv) {
		return dirs('PYTHONPATH').flatMap((d) => ['sitecustomize.py', 'usercustomize.py'].map((f) => `${d.replace(/\/+$/, '')}/${f}`));
	}
	return [];
}
