/**
 * Cloud SDK calls in one-liners (`python -c`, `node -e`) translated into the CLI command that does the
 * same, so the cloud and messaging packs judge them: boto3's `s3.delete_bucket(Bucket='x')` →
 * `aws s3api delete-bucket --bucket x`, the AWS SDK for JavaScript's `new DeleteTableCommand({…})` →
 * `aws dynamodb delete-table …`, Google Cloud's `bucket('b').delete()` → `gsutil rb gs://b`, Azure's
 * `delete_container('c')` → `az storage container delete --name c`, Algolia's `deleteIndex('i')`.
 *
 * Recognition of the SDKs' own naming (boto3 methods and AWS CLI operations share their names, as
 * do their parameters), not a parser: arguments are string, number, boolean and list literals.
 */
import type { ScriptLanguage } from './scripts';

export interface SdkCommand {
	/** Where the call starts in the code, to keep source order. */
	readonly at: number;
	readonly argv: readonly string[];
}

/** `DBInstanceIdentifier` → `db-instance-identifier`, `delete_db_instance` → `delete-db-instance`. */
export function kebab(name: string): string {
	return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

/** The text between the bracket at `open` and its match (quotes respected), or undefined. */
function enclosed(code: string, open: number): string | undefined {
	const close = { '(': ')', '{': '}', '[': ']' }[code[open]];
	if (!close) {
		return undefined;
	}
	let depth = 0;
	for (let i = open; i < Math.min(code.length, open + 16384); i++) {
		const c = code[i];
		if (c === '"' || c === "'" || c === '`') {
			const end = code.indexOf(c, i + 1);
			if (end < 0) {
				return undefined;
			}
			i = end;
		} else if (c === '(' || c === '{' || c === '[') {
			depth++;
		} else if (c === ')' || c === '}' || c === ']') {
			depth--;
			if (depth === 0) {
				return code.slice(open + 1, i);
			}
		}
	}
	return undefined;
}

const STRING = String.raw`(?:'([^'\\]*)'|"([^"\\]*)"|\x60([^\x60$\\]*)\x60)`;

/** The value of a string literal at the start of `text`. */
function literal(text: string): string | undefined {
	const m = new RegExp(`^\\s*[rbuf]?${STRING}`).exec(text);
	return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** `Key='v'`, `Key: 'v'`, `Key=['a', 'b']`, `Key=True`, `Key: 5` → CLI options `--key v`, `--key a b`, `--key`. */
function keywordOptions(args: string, separator: '=' | ':'): string[] {
	const out: string[] = [];
	const re = new RegExp(`(?:^|[,{(\\s])["']?([A-Za-z_]\\w*)["']?\\s*${separator}(?!=)\\s*`, 'g');
	let m: RegExpExecArray | null;
	while ((m = re.exec(args))) {
		const name = `--${kebab(m[1])}`;
		const rest = args.slice(re.lastIndex);
		const value = literal(rest);
		if (value !== undefined) {
			out.push(name, value);
		} else if (rest.startsWith('[') && /^\[\s*[{[]/.test(rest)) {
			// A list of structures (`ImageIds=[{'imageTag': 'x'}]`) stays as written.
			out.push(name, `[${enclosed(rest, 0) ?? ''}]`);
		} else if (rest.startsWith('[')) {
			const items = [...(enclosed(rest, 0) ?? '').matchAll(new RegExp(STRING, 'g'))].map((x) => x[1] ?? x[2] ?? x[3] ?? '');
			out.push(name, ...(items.length > 0 ? items : [rest.slice(0, 40)]));
		} else if (/^(?:True|true)\b/.test(rest)) {
			out.push(name);
		} else if (/^-?\d+\b/.test(rest)) {
			out.push(name, /^-?\d+/.exec(rest)?.[0] ?? '');
		} else if (rest.startsWith('{')) {
			out.push(name, `{${enclosed(rest, 0) ?? ''}}`);
		}
	}
	return out;
}

/** Positional string literals of a call's arguments, in order, up to the first keyword argument. */
function positionalStrings(args: string): string[] {
	const out: string[] = [];
	for (const part of args.split(',')) {
		const value = literal(part);
		if (value === undefined) {
			break;
		}
		out.push(value);
	}
	return out;
}

const AWS_OP = /^(?:batch_delete|batch-delete|delete|terminate|purge|remove|deregister|empty|schedule_key_deletion|close_account)/i;

/** What an AWS client variable is a client of: `s3 = boto3.client('s3')`, `new S3Client(…)`, `new AWS.S3(…)`. */
function awsClients(code: string): Map<string, string> {
	const clients = new Map<string, string>();
	for (const m of code.matchAll(/\b(\w+)\s*=\s*(?:boto3|[\w.]*session|\w+)\.client\(\s*(?:service_name\s*=\s*)?['"]([\w-]+)['"]/gi)) {
		clients.set(m[1], m[2]);
	}
	for (const m of code.matchAll(/\b(\w+)\s*=\s*new\s+(?:AWS\.)?(\w+?)(?:Client)?\s*\(/g)) {
		clients.set(m[1], m[2]);
	}
	return clients;
}

function awsService(service: string | undefined): string {
	const s = (service ?? 'unknown').toLowerCase();
	return s === 's3' ? 's3api' : s;
}

function python(code: string): SdkCommand[] {
	const found: SdkCommand[] = [];
	const clients = awsClients(code);
	// boto3 clients: `s3.delete_bucket(Bucket='x')`, `boto3.client('rds').delete_db_instance(…)`.
	const calls = [
		...[...code.matchAll(/\bclient\(\s*(?:service_name\s*=\s*)?['"]([\w-]+)['"][^()]*\)\.(\w+)\s*\(/g)].map((m) => ({ m, service: m[1], method: m[2] })),
		...[...code.matchAll(/\b(\w+)\.(\w+)\s*\(/g)].map((m) => ({ m, service: clients.get(m[1]), method: m[2] })),
	];
	for (const { m, service, method } of calls) {
		if (!AWS_OP.test(method)) {
			continue;
		}
		const args = enclosed(code, (m.index ?? 0) + m[0].length - 1) ?? '';
		if (service === undefined) {
			// Not an AWS client: Google, Azure and Algolia calls are read below.
			continue;
		}
		found.push({ at: m.index ?? 0, argv: ['aws', awsService(service), kebab(method), ...keywordOptions(args, '=')] });
	}
	// boto3 resources: `s3.Bucket('b').objects.all().delete()`, `Bucket('b').delete()`, `Object('b', 'k').delete()`.
	const buckets = new Map<string, string>();
	for (const m of code.matchAll(/\b(\w+)\s*=\s*[\w.]+(?:\([^()]*\))?\.Bucket\(\s*['"]([^'"]+)['"]\s*\)/g)) {
		buckets.set(m[1], m[2]);
	}
	for (const m of code.matchAll(/(?:\.Bucket\(\s*['"]([^'"]+)['"]\s*\)|\b(\w+))((?:\.(?:objects|object_versions|multipart_uploads)(?:\.\w+\([^()]*\))*)?)\.delete\(\s*\)/g)) {
		const bucket = m[1] ?? buckets.get(m[2] ?? '');
		if (bucket !== undefined) {
			found.push({ at: m.index ?? 0, argv: m[3] ? ['aws', 's3', 'rm', `s3://${bucket}`, '--recursive'] : ['aws', 's3api', 'delete-bucket', '--bucket', bucket] });
		}
	}
	for (const m of code.matchAll(/\.Object\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\.delete\(/g)) {
		found.push({ at: m.index ?? 0, argv: ['aws', 's3api', 'delete-object', '--bucket', m[1], '--key', m[2]] });
	}
	for (const m of code.matchAll(/\.Instance\(\s*['"]([^'"]+)['"]\s*\)\.terminate\(/g)) {
		found.push({ at: m.index ?? 0, argv: ['aws', 'ec2', 'terminate-instances', '--instance-ids', m[1]] });
	}
	for (const m of code.matchAll(/\.Table\(\s*['"]([^'"]+)['"]\s*\)\.delete\(/g)) {
		found.push({ at: m.index ?? 0, argv: ['aws', 'dynamodb', 'delete-table', '--table-name', m[1]] });
	}
	// Google Cloud Storage: `client.bucket('b').delete(force=True)`, `get_bucket('b').blob('k').delete()`.
	for (const m of code.matchAll(/\.(?:bucket|get_bucket|lookup_bucket)\(\s*['"]([^'"]+)['"]\s*\)(?:\.(?:blob|get_blob)\(\s*['"]([^'"]+)['"]\s*\))?\.(delete|delete_blobs)\(/g)) {
		const args = enclosed(code, (m.index ?? 0) + m[0].length - 1) ?? '';
		found.push({ at: m.index ?? 0, argv: m[2] ? ['gsutil', 'rm', `gs://${m[1]}/${m[2]}`] : m[3] === 'delete_blobs' || /force\s*=\s*True/.test(args) ? ['gsutil', 'rm', '-r', `gs://${m[1]}`] : ['gsutil', 'rb', `gs://${m[1]}`] });
	}
	// BigQuery: `client.delete_dataset('ds', delete_contents=True)`, `client.delete_table('p.d.t')`.
	for (const m of code.matchAll(/\.delete_(dataset|table|model|routine)\(/g)) {
		const args = enclosed(code, (m.index ?? 0) + m[0].length - 1) ?? '';
		const name = positionalStrings(args)[0];
		if (name !== undefined) {
			const flag = m[1] === 'dataset' ? (/delete_contents\s*=\s*True/.test(args) ? ['-r', '-f', '-d'] : ['-f', '-d']) : m[1] === 'model' ? ['-f', '-m'] : ['-f', '-t'];
			found.push({ at: m.index ?? 0, argv: ['bq', 'rm', ...flag, name] });
		}
	}
	// Azure: `delete_container('c')`, `delete_share('s')`, `resource_groups.begin_delete('rg')`, `virtual_machines.begin_delete('rg', 'vm')`.
	for (const m of code.matchAll(/\.(delete_container|delete_share|delete_file_system|delete_queue|delete_table|delete_blob)\(|\.(resource_groups|virtual_machines|storage_accounts|servers|databases|vaults)\.(?:begin_)?delete\(/g)) {
		const args = positionalStrings(enclosed(code, (m.index ?? 0) + m[0].length - 1) ?? '');
		const argv = azure(m[1], m[2], args);
		if (argv) {
			found.push({ at: m.index ?? 0, argv });
		}
	}
	return found;
}

function azure(method: string | undefined, collection: string | undefined, args: readonly string[]): string[] | undefined {
	if (args.length === 0) {
		return undefined;
	}
	switch (method ?? collection) {
		case 'delete_container': return ['az', 'storage', 'container', 'delete', '--name', args[0]];
		case 'deleteContainer': return ['az', 'storage', 'container', 'delete', '--name', args[0]];
		case 'delete_share': return ['az', 'storage', 'share', 'delete', '--name', args[0]];
		case 'delete_file_system': return ['az', 'storage', 'fs', 'delete', '--name', args[0]];
		case 'delete_queue': return ['az', 'storage', 'queue', 'delete', '--name', args[0]];
		case 'delete_table': return ['az', 'storage', 'table', 'delete', '--name', args[0]];
		case 'delete_blob': case 'deleteBlob': return ['az', 'storage', 'blob', 'delete', '--name', args[0]];
		case 'resource_groups': return ['az', 'group', 'delete', '--name', args[0]];
		case 'virtual_machines': return ['az', 'vm', 'delete', '--resource-group', args[0], '--name', args[1] ?? args[0]];
		case 'storage_accounts': return ['az', 'storage', 'account', 'delete', '--resource-group', args[0], '--name', args[1] ?? args[0]];
		case 'servers': case 'databases': return ['az', 'sql', collection === 'servers' ? 'server' : 'db', 'delete', '--resource-group', args[0], '--name', args[args.length - 1]];
		case 'vaults': return ['az', 'keyvault', 'delete', '--resource-group', args[0], '--name', args[1] ?? args[0]];
		default: return undefined;
	}
}

function javascript(code: string): SdkCommand[] {
	const found: SdkCommand[] = [];
	// AWS SDK v3: `new DeleteBucketCommand({ Bucket: 'x' })`, the service from `@aws-sdk/client-<service>`.
	const imported = /@aws-sdk\/client-([\w-]+)/.exec(code)?.[1];
	for (const m of code.matchAll(/\bnew\s+((?:Batch)?(?:Delete|Terminate|Purge|Remove|Deregister|Empty|ScheduleKeyDeletion)\w*?)Command\s*\(/g)) {
		const args = enclosed(code, (m.index ?? 0) + m[0].length - 1) ?? '';
		found.push({ at: m.index ?? 0, argv: ['aws', awsService(imported), kebab(m[1]), ...keywordOptions(args, ':')] });
	}
	// AWS SDK v2: `new AWS.S3().deleteBucket({ Bucket: 'x' })`, `s3.deleteObject({…})`.
	const clients = awsClients(code);
	for (const m of code.matchAll(/(?:\bnew\s+AWS\.(\w+)\([^()]*\)|\b(\w+))\.((?:batchDelete|delete|terminate|purge|remove|deregister)\w*)\s*\(\s*\{/g)) {
		const service = m[1] ?? clients.get(m[2] ?? '');
		if (service === undefined || /^(?:fs|fsp|fse|Deno|client|index)$/.test(m[2] ?? '')) {
			continue;
		}
		const args = enclosed(code, (m.index ?? 0) + m[0].length - 1) ?? '';
		found.push({ at: m.index ?? 0, argv: ['aws', awsService(service), kebab(m[3]), ...keywordOptions(args, ':')] });
	}
	// Google Cloud Storage and BigQuery: `storage.bucket('b').delete()`, `.deleteFiles()`, `bigquery.dataset('d').delete({force: true})`.
	for (const m of code.matchAll(/\.bucket\(\s*['"`]([^'"`]+)['"`]\s*\)\.(delete|deleteFiles)\s*\(/g)) {
		found.push({ at: m.index ?? 0, argv: m[2] === 'deleteFiles' ? ['gsutil', 'rm', '-r', `gs://${m[1]}`] : ['gsutil', 'rb', `gs://${m[1]}`] });
	}
	for (const m of code.matchAll(/\.bucket\(\s*['"`]([^'"`]+)['"`]\s*\)\.file\(\s*['"`]([^'"`]+)['"`]\s*\)\.delete\s*\(/g)) {
		found.push({ at: m.index ?? 0, argv: ['gsutil', 'rm', `gs://${m[1]}/${m[2]}`] });
	}
	for (const m of code.matchAll(/\.dataset\(\s*['"`]([^'"`]+)['"`]\s*\)(?:\.table\(\s*['"`]([^'"`]+)['"`]\s*\))?\.delete\s*\(/g)) {
		const args = enclosed(code, (m.index ?? 0) + m[0].length - 1) ?? '';
		found.push({ at: m.index ?? 0, argv: m[2] ? ['bq', 'rm', '-f', '-t', `${m[1]}.${m[2]}`] : ['bq', 'rm', ...(/force\s*:\s*true/.test(args) ? ['-r'] : []), '-f', '-d', m[1]] });
	}
	// Azure Storage: `deleteContainer('c')`, `deleteBlob('b')`.
	for (const m of code.matchAll(/\.(deleteContainer|deleteBlob)\(/g)) {
		const argv = azure(m[1], undefined, positionalStrings(enclosed(code, (m.index ?? 0) + m[0].length - 1) ?? ''));
		if (argv) {
			found.push({ at: m.index ?? 0, argv });
		}
	}
	return found;
}

/** Algolia, in both languages: `client.deleteIndex('i')`, `initIndex('i').delete()`, `index.clearObjects()`. */
function algolia(code: string): SdkCommand[] {
	const found: SdkCommand[] = [];
	const index = /init_?[iI]ndex\(\s*['"`]([^'"`]+)['"`]/.exec(code)?.[1];
	for (const m of code.matchAll(/\.(deleteIndex|delete_index|clearObjects|clear_objects)\(\s*(?:['"`]([^'"`]+)['"`])?|init_?[iI]ndex\(\s*['"`]([^'"`]+)['"`]\s*\)\.delete\(/g)) {
		const name = m[2] ?? m[3] ?? index;
		if (name !== undefined && /algolia/i.test(code) || m[2] !== undefined && /deleteIndex|delete_index/.test(m[1] ?? '')) {
			found.push({ at: m.index ?? 0, argv: ['algolia', 'indices', /clear/i.test(m[1] ?? '') ? 'clear' : 'delete', name ?? 'index'] });
		}
	}
	return found;
}

/** SDK calls in `code` translated into CLI commands, in source order. */
export function sdkCommands(language: ScriptLanguage, code: string): SdkCommand[] {
	if (!/boto3|aws|AWS|Command|google|storage|bigquery|azure|Azure|[Cc]lient|algolia|delete|terminate|purge/.test(code)) {
		return [];
	}
	const found = language === 'python' ? python(code) : language === 'javascript' ? javascript(code) : [];
	return [...found, ...algolia(code)];
}
