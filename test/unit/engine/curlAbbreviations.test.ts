/**
 * curl takes any unambiguous prefix of a long option (curl 7.88 here: `--data-b` is `--data-binary`,
 * `--js` is `--json`, `--conf` is `--config`, in config files too). The incident's request written with
 * those spellings asks as the full spelling does; a prefix curl finds ambiguous (`--dat`, `--req`) makes
 * curl refuse to run, and an ordinary request stays allowed.
 */
import { describe } from 'node:test';
import { useEngine, verdictCase } from '../helpers';

useEngine();

const RAILWAY = 'https://backboard.railway.com/graphql/v2';
const MUTATION = `'{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}'`;
const files: Record<string, string> = {
	'/p/q.json': '{"query":"mutation { volumeDelete(volumeId: \\"v9\\") }"}',
	'/p/abbreviated.cfg': 'data-b = "@/p/q.json"\n',
};
const context = { cwd: '/p', workspaceFolders: ['/p'], readFile: (file: string) => files[file] };

describe('curl long options written as unambiguous prefixes', () => {
	verdictCase(`curl ${RAILWAY} --data ${MUTATION}`, 'confirm', 'v1', 'http:graphql-delete', context);
	verdictCase(`curl ${RAILWAY} --data-b ${MUTATION}`, 'confirm', 'v1', 'http:graphql-delete', context);
	verdictCase(`curl ${RAILWAY} --js ${MUTATION}`, 'confirm', 'v1', 'http:graphql-delete', context);
	verdictCase(`curl --data-bi=@q.json ${RAILWAY}`, 'confirm', 'v9', 'http:graphql-delete', context);
	verdictCase(`curl ${RAILWAY} --data-b @q.json`, 'confirm', 'v9', 'http:graphql-delete', context);
	// A config file named by an abbreviation, holding an abbreviated option.
	verdictCase(`curl --conf abbreviated.cfg ${RAILWAY}`, 'confirm', 'v9', 'http:graphql-delete', context);
	// Controls: an ordinary request, and a prefix curl itself calls ambiguous (it does not run).
	verdictCase('curl -s --compressed https://example.com/api/items', 'allow', undefined, undefined, context);
	verdictCase(`curl --dat x=1 https://example.com/api/items`, 'allow', undefined, undefined, context);
});
