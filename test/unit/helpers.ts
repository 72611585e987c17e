/**
 * Shared test helpers: one fixed context (a project at /home/dev/project whose files come from
 * test/fixtures/project), and one-line assertions on verdicts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, it } from 'node:test';
import { analyze, initParser, initPowerShell } from '../../src/engine/analyze';
import type { AnalysisContext, Decision, Verdict } from '../../src/engine/types';

export const PROJECT = '/home/dev/project';
export const HOME = '/home/dev';
const FIXTURE_FILES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'project');
const FIXTURE_HOME = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'home');

/**
 * Files under PROJECT are read from test/fixtures/project, the home folder's own files (not the
 * project inside it) from test/fixtures/home; nothing else exists.
 */
export function fixtureReadFile(absolute: string): string | undefined {
	const inProject = path.relative(PROJECT, absolute);
	const inHome = path.relative(HOME, absolute);
	const file = !inProject.startsWith('..') && !path.isAbsolute(inProject)
		? path.join(FIXTURE_FILES, inProject)
		: !inHome.startsWith('..') && !path.isAbsolute(inHome) ? path.join(FIXTURE_HOME, inHome) : undefined;
	return file !== undefined && fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
}

export function testContext(overrides: Partial<AnalysisContext> = {}): AnalysisContext {
	return { cwd: PROJECT, workspaceFolders: [PROJECT], home: HOME, env: {}, readFile: fixtureReadFile, production: false, ...overrides };
}

/** Loads the parsers once per test file (the PowerShell grammar too: the product loads it on first sight, analyze.ts `prepare`). */
export function useEngine(): void {
	before(async () => {
		await initParser();
		await initPowerShell();
	});
}

export function verdict(line: string, overrides: Partial<AnalysisContext> = {}): Verdict {
	return analyze(line, testContext(overrides));
}

/**
 * Asserts the decision and, for confirm/deny, the primary target (and optionally the rule).
 * `expectVerdict('rm -rf victim', 'confirm', 'victim')`
 */
export function expectVerdict(line: string, decision: Decision, target?: string | null, rule?: string, overrides: Partial<AnalysisContext> = {}): Verdict {
	const v = verdict(line, overrides);
	const context = `${JSON.stringify(line)} → ${v.decision} ${v.rule ?? ''} target=${JSON.stringify(v.target)} (${v.reason})`;
	assert.equal(v.decision, decision, context);
	if (target !== undefined) {
		assert.equal(v.target, target, context);
	}
	if (rule !== undefined) {
		assert.equal(v.rule, rule, context);
	}
	return v;
}

/**
 * One test per line of a case table, named after its input and outcome:
 * `verdictCase('rm -rf victim', 'confirm', 'victim')` → test "\"rm -rf victim\" -> confirm (victim)".
 */
export function verdictCase(line: string, decision: Decision, target?: string | null, rule?: string, overrides: Partial<AnalysisContext> = {}): void {
	const where = overrides.production ? ' (production)' : '';
	it(`${JSON.stringify(line).slice(0, 150)}${where} -> ${decision}${target ? ` (${target})` : ''}`, () => {
		expectVerdict(line, decision, target, rule, overrides);
	});
}

/** A test case: `line` asks (confirm) with severity `expected`. */
export function severityCase(line: string, expected: string, production = false): void {
	it(`${JSON.stringify(line)}${production ? ' (production)' : ''} is ${expected}`, () => {
		assert.equal(expectVerdict(line, 'confirm', undefined, undefined, { production }).severity, expected);
	});
}
