/**
 * What PowerShell does with a command's name and parameters before the cmdlet runs: names are
 * case-insensitive, built-in aliases stand for cmdlets (`rm`, `ri`, `del`, `rd` → Remove-Item), and a
 * parameter may be written as any unambiguous prefix (`-Rec`, `-fo`) or bound with a colon
 * (`-Recurse:$false`). This table turns what was written into what runs, for the cmdlets the rules
 * judge; other commands keep their words as written.
 */

/** PowerShell's built-in aliases (Windows PowerShell 5.1 and PowerShell 7) for the cmdlets that matter here. */
export const ALIASES: Readonly<Record<string, string>> = {
	rm: 'Remove-Item', ri: 'Remove-Item', del: 'Remove-Item', erase: 'Remove-Item', rd: 'Remove-Item', rmdir: 'Remove-Item',
	iex: 'Invoke-Expression', irm: 'Invoke-RestMethod', iwr: 'Invoke-WebRequest',
	sc: 'Set-Content', clc: 'Clear-Content', ac: 'Add-Content', saps: 'Start-Process', start: 'Start-Process',
	gci: 'Get-ChildItem', ls: 'Get-ChildItem', dir: 'Get-ChildItem', gi: 'Get-Item', cat: 'Get-Content', gc: 'Get-Content', type: 'Get-Content',
	mi: 'Move-Item', mv: 'Move-Item', move: 'Move-Item', cpi: 'Copy-Item', cp: 'Copy-Item', copy: 'Copy-Item',
	ni: 'New-Item', sl: 'Set-Location', cd: 'Set-Location', chdir: 'Set-Location', echo: 'Write-Output', write: 'Write-Output',
	clv: 'Clear-Variable', rv: 'Remove-Variable', set: 'Set-Variable', sv: 'Set-Variable', kill: 'Stop-Process', spps: 'Stop-Process',
};

/** Common parameters every cmdlet accepts: they take part in prefix matching. */
const COMMON = ['Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction', 'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable'];
const RISK = ['WhatIf', 'Confirm'];

/** Parameters that are switches (take no value unless bound with a colon). */
const SWITCHES = new Set(['recurse', 'force', 'whatif', 'confirm', 'verbose', 'debug', 'append', 'nonewline', 'noclobber', 'passthru', 'wait', 'nonewwindow', 'full', 'removedata', 'asjob', 'usebasicparsing', 'skipcertificatecheck', 'removeall', 'deletefiles', 'includesubfolders', 'purge', 'container', 'noprofile', 'nologo', 'noninteractive']);

/** Parameter names of the cmdlets the rules judge, the positional ones first in position order. */
interface CmdletSpec {
	readonly positional: readonly string[];
	readonly named: readonly string[];
}

const CMDLETS: Readonly<Record<string, CmdletSpec>> = {
	'remove-item': { positional: ['Path'], named: ['LiteralPath', 'Filter', 'Include', 'Exclude', 'Recurse', 'Force', 'Credential', 'Stream'] },
	'clear-content': { positional: ['Path'], named: ['LiteralPath', 'Filter', 'Include', 'Exclude', 'Force', 'Credential', 'Stream'] },
	'set-content': { positional: ['Path', 'Value'], named: ['LiteralPath', 'Filter', 'Include', 'Exclude', 'Force', 'Credential', 'Stream', 'PassThru', 'NoNewline', 'Encoding', 'AsByteStream'] },
	'add-content': { positional: ['Path', 'Value'], named: ['LiteralPath', 'Filter', 'Include', 'Exclude', 'Force', 'Credential', 'Stream', 'PassThru', 'NoNewline', 'Encoding', 'AsByteStream'] },
	'out-file': { positional: ['FilePath', 'Encoding'], named: ['LiteralPath', 'Append', 'Force', 'NoClobber', 'Width', 'NoNewline', 'InputObject'] },
	'get-childitem': { positional: ['Path', 'Filter'], named: ['LiteralPath', 'Include', 'Exclude', 'Recurse', 'Depth', 'Force', 'Name', 'Attributes', 'Directory', 'File', 'Hidden', 'ReadOnly', 'System', 'FollowSymlink'] },
	'get-item': { positional: ['Path'], named: ['LiteralPath', 'Filter', 'Include', 'Exclude', 'Force', 'Credential', 'Stream'] },
	'format-volume': { positional: ['DriveLetter'], named: ['FileSystem', 'NewFileSystemLabel', 'AllocationUnitSize', 'Full', 'Force', 'Compress', 'ShortFileNameSupport', 'SetIntegrityStreams', 'UseLargeFRS', 'DisableHeatGathering', 'IsDAX', 'Path', 'ObjectId', 'FileSystemLabel', 'Partition', 'InputObject', 'CimSession', 'ThrottleLimit', 'AsJob'] },
	'clear-disk': { positional: ['Number'], named: ['UniqueId', 'Path', 'FriendlyName', 'SerialNumber', 'InputObject', 'RemoveData', 'RemoveOEM', 'ZeroOutEntireDisk', 'PassThru', 'CimSession', 'ThrottleLimit', 'AsJob'] },
	'initialize-disk': { positional: ['Number'], named: ['UniqueId', 'Path', 'FriendlyName', 'PartitionStyle', 'InputObject', 'PassThru', 'CimSession', 'ThrottleLimit', 'AsJob'] },
	'remove-partition': { positional: ['DiskNumber', 'PartitionNumber'], named: ['DiskId', 'DiskPath', 'DriveLetter', 'Offset', 'InputObject', 'PassThru', 'CimSession', 'ThrottleLimit', 'AsJob'] },
	'invoke-restmethod': { positional: ['Uri'], named: ['Method', 'Body', 'Headers', 'ContentType', 'InFile', 'OutFile', 'WebSession', 'SessionVariable', 'Credential', 'UseDefaultCredentials', 'Authentication', 'Token', 'UserAgent', 'TimeoutSec', 'MaximumRedirection', 'Proxy', 'Form', 'CustomMethod', 'UseBasicParsing', 'SkipCertificateCheck', 'PassThru', 'StatusCodeVariable', 'ResponseHeadersVariable', 'FollowRelLink', 'NoProxy', 'Resume', 'SkipHeaderValidation', 'TransferEncoding', 'HttpVersion', 'PreserveAuthorizationOnRedirect'] },
	'invoke-webrequest': { positional: ['Uri'], named: ['Method', 'Body', 'Headers', 'ContentType', 'InFile', 'OutFile', 'WebSession', 'SessionVariable', 'Credential', 'UseDefaultCredentials', 'Authentication', 'Token', 'UserAgent', 'TimeoutSec', 'MaximumRedirection', 'Proxy', 'Form', 'CustomMethod', 'UseBasicParsing', 'SkipCertificateCheck', 'PassThru', 'NoProxy', 'Resume', 'SkipHeaderValidation', 'TransferEncoding', 'HttpVersion', 'PreserveAuthorizationOnRedirect'] },
	'copy-item': { positional: ['Path', 'Destination'], named: ['LiteralPath', 'Filter', 'Include', 'Exclude', 'Recurse', 'Force', 'Container', 'Credential', 'PassThru', 'ToSession', 'FromSession'] },
	'move-item': { positional: ['Path', 'Destination'], named: ['LiteralPath', 'Filter', 'Include', 'Exclude', 'Force', 'Credential', 'PassThru'] },
	'invoke-expression': { positional: ['Command'], named: [] },
	'start-process': { positional: ['FilePath', 'ArgumentList'], named: ['Credential', 'WorkingDirectory', 'LoadUserProfile', 'NoNewWindow', 'PassThru', 'RedirectStandardError', 'RedirectStandardInput', 'RedirectStandardOutput', 'WindowStyle', 'Wait', 'UseNewEnvironment', 'Verb', 'Environment'] },
};

/** Cloud modules' Remove-* cmdlets (Az, AzureRM, AWS Tools, Google Cloud Tools): noun prefixes. */
export const CLOUD_REMOVE = /^remove-(?:az|azurerm|azure|s3|ec2|rds|ddb|iam|lm|cfn|ecs|eks|ecr|kms|sec|ssm|sns|sqs|r53|cw|cwl|efs|el|elb2|es|gce|gcs|gcsql|gcd|gcps|gcbq|gcpubsub|gccloud|mg|mga|spo|pnp)[a-z]/;

/** The cmdlet a command name stands for: `RI` → `Remove-Item`, `rm.exe` stays `rm.exe`. */
export function resolveCmdlet(written: string): string {
	return ALIASES[written.toLowerCase()] ?? written;
}

export function isKnownCmdlet(name: string): boolean {
	return CMDLETS[name.toLowerCase()] !== undefined;
}

export function positionalParameters(name: string): readonly string[] {
	return CMDLETS[name.toLowerCase()]?.positional ?? [];
}

/**
 * The parameters a written `-name` may stand for: exact match first, else every parameter it is a
 * prefix of (PowerShell refuses an ambiguous prefix; reading it as every candidate fails closed).
 * Unknown cmdlets and unknown names keep the name as written.
 */
export function resolveParameter(cmdlet: string, written: string): string[] {
	const spec = CMDLETS[cmdlet.toLowerCase()];
	if (!spec) {
		return [written];
	}
	const all = [...spec.positional, ...spec.named, ...COMMON, ...RISK];
	const lower = written.toLowerCase();
	const exact = all.find((p) => p.toLowerCase() === lower);
	if (exact) {
		return [exact];
	}
	// Parameter aliases PowerShell documents for these cmdlets.
	const alias = PARAMETER_ALIASES[lower];
	if (alias && all.includes(alias)) {
		return [alias];
	}
	if (lower === 'path' && all.includes('FilePath')) {
		return ['FilePath'];
	}
	const candidates = all.filter((p) => p.toLowerCase().startsWith(lower));
	return candidates.length > 0 ? candidates : [written];
}

const PARAMETER_ALIASES: Readonly<Record<string, string>> = {
	ea: 'ErrorAction', wa: 'WarningAction', ia: 'InformationAction', ev: 'ErrorVariable', wv: 'WarningVariable', iv: 'InformationVariable', ov: 'OutVariable', ob: 'OutBuffer', pv: 'PipelineVariable',
	vb: 'Verbose', db: 'Debug', wi: 'WhatIf', cf: 'Confirm', lp: 'LiteralPath', pspath: 'LiteralPath', fullname: 'Path', args: 'ArgumentList',
	disknumber: 'Number', drive: 'DriveLetter', url: 'Uri', file: 'FilePath', path: 'Path',
};

export function isSwitch(parameter: string): boolean {
	return SWITCHES.has(parameter.toLowerCase());
}
