/** The safer way is derived from the parsed line, only for one plain command, and never from words a line could choose. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { explain, initParser } from '../../../src/engine/analyze';
import { saferWay } from '../../../src/blast/safer';

const CWD = '/home/dev/project';

function safer(line: string) {
	return saferWay(explain(line, { cwd: CWD, home: '/home/dev', workspaceFolders: [CWD], env: {} }).invocations, CWD, '/home/dev');
}

function saferLine(line: string): string | undefined {
	const way = safer(line);
	return way?.kind === 'line' ? way.line : undefined;
}

describe('safer way', () => {
	before(() => initParser());

	it("'rm -rf build dist' -> Move to Trash with both absolute paths", () => {
		assert.deepEqual(safer('rm -rf build dist'), { kind: 'trash', label: 'Move to Trash', paths: [`${CWD}/build`, `${CWD}/dist`], description: 'Moves 2 paths to the system trash instead; Restore brings them back.' });
		assert.deepEqual(safer('rm -r ~/notes')?.kind === 'trash' && safer('rm -r ~/notes'), { kind: 'trash', label: 'Move to Trash', paths: ['/home/dev/notes'], description: 'Moves /home/dev/notes to the system trash instead; Restore brings it back.' });
	});

	for (const line of ['rm -rf "$DIR"', 'rm -rf build/*', 'sudo rm -rf build', 'make && rm -rf build', 'cd x && rm -rf build', 'rm -rf link/', 'rm -rf /', 'bash -c "rm -rf build"', 'rm --no-preserve-root -rf build', 'X=1 rm -rf build', 'rm -rf build > log']) {
		it(`'${line}' -> no Move to Trash (not the same job, or not known)`, () => {
			assert.equal(safer(line), undefined);
		});
	}

	it("'git push --force' and its spellings -> --force-with-lease, refspec + dropped", () => {
		assert.equal(saferLine('git push --force'), 'git push --force-with-lease');
		assert.equal(saferLine('git push -f origin main'), 'git push --force-with-lease origin main');
		assert.equal(saferLine('git push -fu origin main'), 'git push --force-with-lease -u origin main');
		assert.equal(saferLine('git push origin +main'), 'git push --force-with-lease origin main');
		assert.equal(saferLine('git push origin +HEAD:main'), 'git push --force-with-lease origin HEAD:main');
		assert.equal(saferLine('git -C sub push -f'), 'git -C sub push --force-with-lease');
		assert.equal(saferLine('git push --mirror origin'), undefined);
	});

	it("a hostile word stays a quoted word in the safer line: 'git push -f origin \"main;rm -rf ~\"'", () => {
		assert.equal(saferLine(`git push -f origin 'main;rm -rf ~'`), `git push --force-with-lease origin 'main;rm -rf ~'`);
	});

	it("'git reset --hard' -> stash first; with a ref, then reset --keep", () => {
		assert.equal(saferLine('git reset --hard'), `git stash push --include-untracked -m 'Terminal Guard: saved before git reset --hard'`);
		assert.equal(saferLine('git reset --hard HEAD~2'), `git stash push --include-untracked -m 'Terminal Guard: saved before git reset --hard' && git reset --keep 'HEAD~2'`);
	});

	it("'git clean -fdx' -> 'git clean -n -dx'", () => {
		assert.equal(saferLine('git clean -fdx'), 'git clean -n -dx');
		assert.equal(saferLine('git clean -f -d'), 'git clean -n -d');
	});

	it('terraform destroy, kubectl delete and docker compose down -v -> their previews', () => {
		assert.equal(saferLine('terraform destroy -auto-approve -target=aws_db.main'), 'terraform plan -destroy -target=aws_db.main');
		assert.equal(saferLine('kubectl delete namespace prod'), 'kubectl delete namespace prod --dry-run=server');
		assert.equal(saferLine('docker compose down -v'), 'docker compose down');
		assert.equal(saferLine('docker compose down --volumes --remove-orphans'), 'docker compose down --remove-orphans');
	});
});
