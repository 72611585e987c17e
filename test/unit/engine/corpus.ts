/**
 * The corpus: realistic command lines in test/fixtures/corpus/*.jsonl, each with the verdict it
 * must get (corpus.test.ts runs them; metamorphic.test.ts rewrites them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CorpusCase {
	command: string;
	decision: 'allow' | 'confirm' | 'deny';
	target?: string;
	rule?: string;
	production?: boolean;
	cwd?: string;
	/** The shell that runs the line (AnalysisContext.shell); default bash. */
	shell?: 'bash' | 'powershell' | 'cmd';
	note?: string;
}

export const CORPUS_DIR = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corpus');

export function loadCorpus(): { file: string; line: number; c: CorpusCase }[] {
	const cases: { file: string; line: number; c: CorpusCase }[] = [];
	for (const file of fs.readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.jsonl')).sort()) {
		const lines = fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8').split('\n');
		lines.forEach((text, i) => {
			if (text.trim() === '' || text.startsWith('//')) {
				return;
			}
			cases.push({ file, line: i + 1, c: JSON.parse(text) as CorpusCase });
		});
	}
	return cases;
}

