/**
 * The PowerShell front end (src/engine/powershell/): binding as PowerShell does it, and the verdicts
 * it leads to. PowerShell itself is not installable here: these are tests on strings, as the engine's.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepare } from '../../../src/engine/analyze';
import { parsePowerShell } from '../../../src/engine/powershell/parse';
import { resolveParameter } from '../../../src/engine/powershell/cmdlets';
import { useEngine, verdict } from '../helpers';

useEngine();

const ps = (line: string) => verdict(line, { shell: 'powershell' });
const words = (line: string) => parsePowerShell(line).commands.map((c) => c.words.map((w) => w.text));

describe('PowerShell binding', () => {
	it('resolves aliases and parameter prefixes in any case', () => {
		assert.deepEqual(words('RI c:\\x -REC -fo'), [['Remove-Item', '-Recurse', '-Force', '--', 'c:/x']]);
		assert.deepEqual(words('rmdir -Path c:\\x -r'), [['Remove-Item', '-Recurse', '--', 'c:/x']]);
	});

	it('reads a switch bound with a colon', () => {
		assert.deepEqual(words('Remove-Item x -Recurse:$false -Force:$true'), [['Remove-Item', '-Force', '--', 'x']]);
	});

	it('reads an ambiguous prefix as every parameter it could be', () => {
		assert.deepEqual(resolveParameter('Remove-Item', 'f').sort(), ['Filter', 'Force']);
	});

	it('reads single, double and here-strings, and backtick escapes', () => {
		assert.deepEqual(words("Remove-Item 'it''s'"), [['Remove-Item', '--', "it's"]]);
		assert.deepEqual(words('Remove-Item "a`tb"'), [['Remove-Item', '--', 'a\tb']]);
		assert.deepEqual(words("Set-Content x.txt @'\nhello\n'@"), [['Set-Content', '-Value', 'hello', '--', 'x.txt']]);
	});

	it('puts in a variable assigned earlier in the line, and leaves an unknown one unknown', () => {
		assert.deepEqual(words("$d = 'C:\\data'; Remove-Item \"$d\\old\""), [['Remove-Item', '--', 'C:/data/old']]);
		const unknown = parsePowerShell('Remove-Item $target').commands[0].words[2];
		assert.equal(unknown.dynamic, true);
	});

	it('feeds a Remove-Item the paths listed before the pipe', () => {
		assert.deepEqual(words('gci C:\\logs -Filter *.log | rm')[1], ['Remove-Item', '--', 'C:/logs']);
	});

	it('keeps the words of other programs as written', () => {
		assert.deepEqual(words('git push --force origin main'), [['git', 'push', '--force', 'origin', 'main']]);
		assert.deepEqual(words("& 'C:\\Program Files\\Git\\cmd\\git.exe' status"), [['git.exe', 'status']]);
	});
});

describe('PowerShell verdicts', () => {
	it('asks for Remove-Item -Recurse -Force with the target as written', () => {
		const v = ps('Remove-Item -Recurse -Force C:\\data');
		assert.equal(v.decision, 'confirm');
		assert.equal(v.target, 'C:\\data');
	});

	it('lets -WhatIf through', () => {
		assert.equal(ps('Remove-Item -Recurse -Force C:\\data -WhatIf').decision, 'allow');
		assert.equal(ps('Format-Volume -DriveLetter D -WhatIf').decision, 'allow');
	});

	it('asks for the incident, a GraphQL volumeDelete sent with Invoke-RestMethod', () => {
		const v = ps('Invoke-RestMethod -Uri https://backboard.railway.com/graphql/v2 -Method Post -Body \'{"query":"mutation { volumeDelete(volumeId: \\"x\\") }"}\'');
		assert.equal(v.decision, 'confirm');
		assert.equal(v.rule, 'http:graphql-delete');
	});

	it('PowerShell named through a variable set earlier in the line: the same verdict and the target as written (`C:\\data\\exports`, not `C:/data/exports`)', async () => {
		const direct = 'powershell -NoProfile -Command "Remove-Item -Recurse -Force C:\\data\\exports"';
		const viaVariable = 'TGV=powershell; $TGV -NoProfile -Command "Remove-Item -Recurse -Force C:\\data\\exports"';
		for (const line of [direct, viaVariable]) {
			await prepare(line, {});
		}
		const [a, b] = [verdict(direct), verdict(viaVariable)];
		assert.deepEqual([b.decision, b.target, b.rule], [a.decision, a.target, a.rule]);
		assert.equal(b.target, 'C:\\data\\exports');
	});

	it('unwraps pwsh -c from bash with the PowerShell grammar (aliases and prefixes resolved)', () => {
		const v = verdict("pwsh -c 'ri C:\\data -r -fo'");
		assert.equal(v.decision, 'confirm');
		assert.equal(v.target, 'C:\\data');
	});

	it('fails closed on an unparseable line with risky words', () => {
		const v = ps('foo { Remove-Item x');
		assert.equal(v.decision, 'confirm');
		assert.equal(v.rule, 'engine:unparsed-risky');
	});

	it('judges cmd.exe lines with --shell cmd', () => {
		assert.equal(verdict('rd /s /q C:\\data', { shell: 'cmd' }).target, 'C:\\data');
		assert.equal(verdict('dir C:\\data', { shell: 'cmd' }).decision, 'allow');
	});
});

describe('PowerShell: a command name joined from strings, and script blocks made from text', () => {
	for (const line of [
		"& ('Remo'+'ve-Item') -Recurse C:\\data",
		"& ([scriptblock]::Create('Remove-Item -Recurse C:\\data'))",
		"[scriptblock]::Create('Remove-Item -Recurse C:\\data').Invoke()",
	]) {
		it(`${line} asks for C:\\data (it was allowed)`, () => {
			const v = ps(line);
			assert.equal(v.decision, 'confirm');
			assert.equal(v.target, 'C:\\data');
		});
	}
	it('harmless ones stay allowed', () => {
		for (const line of ["& ('Get-'+'ChildItem') C:\\data", "$sb = [ScriptBlock]::Create('Get-ChildItem'); & $sb", "Write-Host ('a' + 'b')"]) {
			assert.equal(ps(line).decision, 'allow', line);
		}
	});
});

describe('PowerShell: text decoded from base64 with .NET is the text it spells', () => {
	const b64 = (text: string, encoding: BufferEncoding) => Buffer.from(text, encoding).toString('base64');
	for (const line of [
		`$s = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String("${b64('Remove-Item -Recurse C:\\data', 'utf8')}")); iex $s`,
		`Invoke-Expression ([System.Text.Encoding]::Unicode.GetString([System.Convert]::FromBase64String('${b64('Remove-Item -Recurse C:\\data', 'utf16le')}')))`,
	]) {
		it(`${line.slice(0, 60)}… asks for C:\\data (it asked for $s, or was allowed)`, () => {
			const v = ps(line);
			assert.equal(v.decision, 'confirm');
			assert.equal(v.target, 'C:\\data');
		});
	}
	it('decoded harmless code stays allowed', () => {
		assert.equal(ps(`iex ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64('Get-Date', 'utf8')}')))`).decision, 'allow');
	});
});
