/**
 * PowerShell cmdlets whose semantics no bash rule covers. The PowerShell front end
 * (powershell/parse.ts) binds the words first, so these rules see `Remove-AzResourceGroup -Name rg
 * -Force`, never `remove-azresourcegroup -n rg -fo`. Remove-Item, Format-Volume, Clear-Content,
 * Set-Content and Invoke-RestMethod are judged by the existing packs (files, disks, http), through
 * the translation in powershell/wrappers.ts and parse.ts.
 */
import { riskyWord } from '../risk';
import type { Invocation, Word } from '../types';
import { CLOUD_REMOVE } from '../powershell/cmdlets';
import type { Rule, RulePack } from './rule';

function whatIf(inv: Invocation): boolean {
	return inv.argv.some((w) => /^-WhatIf$/i.test(w.text));
}

/** The value of the first parameter that names the resource (`-Name`, `-BucketName`, `-ResourceGroupName`, `-Id`). */
function resourceName(args: readonly Word[]): string | undefined {
	const ranked = [/^-Name$/i, /^-(?:BucketName|Bucket|InstanceId|DatabaseName|DBInstanceIdentifier|DBClusterIdentifier|TableName|FunctionName|VaultName|StackName|RepositoryName|ClusterName|AccountName)$/i, /^-ServerName$/i, /^-(?!ResourceGroup|Project|Zone|Region)\w*(?:Name|Id|Identifier|Arn)$/i, /^-\w*(?:Name|Id)$/i];
	for (const re of ranked) {
		const at = args.findIndex((w) => re.test(w.text));
		if (at >= 0 && args[at + 1] && !args[at + 1].text.startsWith('-')) {
			return args[at + 1].text;
		}
	}
	return args.find((w) => !w.text.startsWith('-'))?.text;
}

/** Cmdlet verbs that change or destroy, for a splatted call whose parameters are not known. */
const CHANGING = /^(?:remove|clear|format|initialize|reset|stop|disable|uninstall|set|out|invoke|restart|update|move|rename)-/;

const rules: Rule[] = [
	{
		id: 'powershell:cloud-remove',
		severity: 'high',
		commands: ['*'],
		reason: 'Deletes a cloud resource with a cloud PowerShell module (Az, AWS Tools, Google Cloud Tools).',
		alternative: 'Run it with -WhatIf first, and check the resource with the matching Get- cmdlet.',
		match(inv) {
			if (!inv.name.startsWith('remove-') || !CLOUD_REMOVE.test(inv.name) || whatIf(inv)) {
				return undefined;
			}
			const target = resourceName(inv.argv.slice(1));
			if (!target) {
				return undefined;
			}
			const group = /^remove-(?:az|azurerm)resourcegroup$/.test(inv.name);
			return { targets: [target], severity: group ? 'critical' : 'high', reason: group ? `Deletes the Azure resource group ${target} and every resource in it.` : undefined };
		},
	},
	{
		id: 'powershell:splatted',
		severity: 'high',
		commands: ['*'],
		reason: 'Calls a cmdlet that changes or deletes with parameters splatted from a variable, known only when it runs.',
		alternative: 'Write the parameters out, or run it with -WhatIf first.',
		match(inv) {
			const splat = inv.argv.slice(1).find((w) => w.dynamic && /^@[A-Za-z_]/.test(w.text));
			if (!splat || !CHANGING.test(inv.name) || whatIf(inv)) {
				return undefined;
			}
			return { targets: [splat.text] };
		},
	},
	{
		id: 'powershell:invoke-expression',
		severity: 'high',
		commands: ['invoke-expression'],
		reason: 'Runs PowerShell code that is only known when it runs.',
		alternative: 'Save the code to a file, read it, then run the file.',
		match(inv) {
			const code = inv.argv.slice(1).find((w) => w.text !== '-Command' && w.text !== '--');
			if (code && !code.dynamic) {
				return undefined; // read and judged as code (powershell/wrappers.ts)
			}
			const from = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from : undefined;
			const fromName = from?.words[0]?.text.toLowerCase() ?? '';
			const downloaded = /^(?:invoke-webrequest|invoke-restmethod|curl|wget|irm|iwr)$/.test(fromName) || /DownloadString\s*\(/i.test(code?.raw ?? '') || /DownloadString\s*\(/i.test(inv.source.raw);
			if (downloaded) {
				const url = (from?.words ?? []).slice(1).find((w) => /^https?:\/\//i.test(w.text))?.text ?? /https?:\/\/[^\s'")]+/i.exec(inv.source.raw)?.[0] ?? 'downloaded code';
				return { targets: [url], reason: `Runs code downloaded from ${url}: what it does is only known when it runs.`, decision: 'confirm' };
			}
			const risky = riskyWord(inv.source.raw) ?? (from ? riskyWord(from.raw) : undefined);
			return risky ? { targets: [code?.raw ?? 'Invoke-Expression'], reason: `Runs PowerShell code only known when it runs, in a line that contains "${risky}".` } : undefined;
		},
	},
];

export const powershellPack: RulePack = {
	name: 'powershell',
	description: 'PowerShell cmdlets with no bash equivalent: cloud modules\' Remove-* cmdlets, splatted calls, Invoke-Expression of unknown code.',
	rules,
};
