/**
 * Reading a .vsix (a zip) for the package tests, with yauzl — the zip reader @vscode/vsce itself
 * depends on. Entries keep their Unix mode, as VS Code's installer restores it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

interface ZipEntry {
	fileName: string;
	externalFileAttributes: number;
}
interface ZipFile {
	readEntry(): void;
	openReadStream(entry: ZipEntry, callback: (error: Error | null, stream: Readable) => void): void;
	close(): void;
	on(event: 'entry', listener: (entry: ZipEntry) => void): this;
	on(event: 'end', listener: () => void): this;
	on(event: 'error', listener: (error: Error) => void): this;
}
interface Yauzl {
	open(file: string, options: { lazyEntries: true }, callback: (error: Error | null, zip: ZipFile) => void): void;
}
const yauzl: Yauzl = require('yauzl');

export interface VsixEntry {
	/** Path inside the zip, e.g. `extension/dist/extension.js`. */
	readonly name: string;
	/** Unix permission bits (0 when the zip recorded none). */
	readonly mode: number;
}

/** Calls `each` for every entry in order; resolves when the zip has been read through. */
function walk(file: string, each: (zip: ZipFile, entry: ZipEntry) => Promise<void>): Promise<void> {
	return new Promise((resolve, reject) => {
		yauzl.open(file, { lazyEntries: true }, (error, zip) => {
			if (error) {
				reject(error);
				return;
			}
			zip.on('error', reject);
			zip.on('end', resolve);
			zip.on('entry', (entry) => {
				each(zip, entry).then(
					() => zip.readEntry(),
					(failure: unknown) => {
						zip.close();
						reject(failure);
					},
				);
			});
			zip.readEntry();
		});
	});
}

export async function listEntries(file: string): Promise<VsixEntry[]> {
	const entries: VsixEntry[] = [];
	await walk(file, async (_zip, entry) => {
		entries.push({ name: entry.fileName, mode: (entry.externalFileAttributes >>> 16) & 0o777 });
	});
	return entries;
}

/** Extracts every file into `dir`, keeping exec bits. */
export async function extract(file: string, dir: string): Promise<void> {
	await walk(file, async (zip, entry) => {
		const target = path.join(dir, entry.fileName);
		if (!target.startsWith(dir + path.sep)) {
			throw new Error(`${entry.fileName} points outside the extraction folder`);
		}
		if (entry.fileName.endsWith('/')) {
			fs.mkdirSync(target, { recursive: true });
			return;
		}
		fs.mkdirSync(path.dirname(target), { recursive: true });
		const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))));
		const mode = (entry.externalFileAttributes >>> 16) & 0o777;
		await pipeline(stream, fs.createWriteStream(target, { mode: mode || 0o644 }));
	});
}
