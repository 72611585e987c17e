/**
 * Writes one editor profile's personal rules file (~/.terminal-guard/personal-rules/<id>.json, format
 * in src/engine/personalRules.ts) for the hooks and gates that no editor answers. Atomic (a temp file
 * renamed over the old one, so a reader never sees half a file), 0600 in a 0700 folder of this user.
 * No vscode import: src/ui/personalRules.ts decides what goes in and when.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { personalRulesDir, personalRulesText, terminalGuardDir, writableByOthers, type PersonalRulesData } from '../engine/personalRules';

const isWindows = process.platform === 'win32';

/** A file name for one editor profile: `<app>-<hash of its storage folder>.json`, e.g. `visual-studio-code-1f2e3d4c5b6a.json`. */
export function personalRulesFileName(appName: string, profileStorage: string): string {
	const app = appName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'editor';
	return `${app}-${crypto.createHash('sha256').update(profileStorage).digest('hex').slice(0, 12)}.json`;
}

/**
 * Creates `~/.terminal-guard/personal-rules` (and `~/.terminal-guard`) as 0700 folders of this user.
 * A folder of ours that others may enter is narrowed to 0700; a symbolic link or a folder of
 * someone else is refused with the reason.
 */
export function ensurePersonalRulesDir(home: string): string {
	const dir = personalRulesDir(home);
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	for (const d of [terminalGuardDir(home), dir]) {
		let stat = fs.lstatSync(d);
		if (!isWindows && stat.isDirectory() && !stat.isSymbolicLink() && stat.uid === process.getuid?.() && (stat.mode & 0o077) !== 0) {
			fs.chmodSync(d, 0o700);
			stat = fs.lstatSync(d);
		}
		const problem = writableByOthers(stat, 'directory');
		if (problem) {
			throw new Error(`${d} cannot hold your personal rules: ${problem}`);
		}
	}
	return dir;
}

/**
 * Writes `data` as `name` in the personal rules folder under `home`; returns the file's path. The temp
 * file is created new (O_EXCL, never through a link someone planted), as 0600, then renamed over
 * whatever is there — a symbolic link, a FIFO or a file of the wrong mode is replaced, not followed.
 */
export function writePersonalRulesFile(home: string, name: string, data: Omit<PersonalRulesData, 'v'>): string {
	const dir = ensurePersonalRulesDir(home);
	const file = path.join(dir, name);
	const temp = path.join(dir, `.${name}.${crypto.randomBytes(6).toString('hex')}.tmp`);
	const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
	try {
		try {
			if (!isWindows) {
				fs.fchmodSync(fd, 0o600);
			}
			fs.writeFileSync(fd, personalRulesText(data));
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
		fs.renameSync(temp, file);
	} catch (error) {
		fs.rmSync(temp, { force: true });
		throw error;
	}
	return file;
}
