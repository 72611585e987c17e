import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiOf, controlPlaneOf, describeApi, serviceOf } from '../../../src/engine/http/apis';
import { hasGraphqlDocument, shapingExpansions, substitutionInner } from '../../../src/engine/http/bodies';
import { graphqlDeletions } from '../../../src/engine/http/graphql';
import { expandCurlGlob, lastShown, param, parseUrl } from '../../../src/engine/http/url';
import { curlConfigArgs } from '../../../src/engine/http/curl';

describe('http urls', () => {
	describe('one endpoint, however it is spelled', () => {
		const spellings = [
			'https://backboard.railway.com/graphql/v2',
			'https://BACKBOARD.railway.com./%67raphql/v2',
			'https://backboard.railway.com:443/graphql/v2',
			'https://user@backboard.railway.com/graphql/v2?x=1#f',
			'https://user:secret@backboard.railway.com/graphql/v2',
			'backboard.railway.com/graphql/v2',
			'http://backboard.railway.com:80/graphql/v2',
			'HTTPS://Backboard.Railway.com/graphql/v2',
			'https://backboard%2Erailway.com/graphql/v2',
			'https://ｂａｃｋｂｏａｒｄ.railway.com/graphql/v2',
			'https:backboard.railway.com/graphql/v2',
			'https://backboard.railway.com/graphql/./v2',
			'https://backboard.railway.com/x/../graphql/v2',
			'https://backboard.railway.com//graphql//v2',
		];
		for (const spelling of spellings) {
			it(`${spelling} is Railway's GraphQL endpoint`, () => {
				const url = parseUrl(spelling);
				assert.equal(url.host, 'backboard.railway.com');
				assert.deepEqual(url.segments, ['graphql', 'v2']);
				assert.equal(controlPlaneOf(url)?.host, 'backboard.railway.com');
				assert.equal(controlPlaneOf(url)?.graphql, true);
			});
		}
		it('the userinfo is not the host', () => {
			assert.equal(parseUrl('https://backboard.railway.com@evil.example/graphql/v2').host, 'evil.example');
		});
		it('an encoded slash splits the path as a decoding server would', () => {
			assert.deepEqual(parseUrl('https://api.example.com/v1/projects%2Fprj_1/delete').segments, ['v1', 'projects', 'prj_1', 'delete']);
		});
		it('IPv6 hosts keep their brackets and ports', () => {
			const url = parseUrl('http://[::1]:9200/logs');
			assert.equal(url.host, '[::1]');
			assert.equal(url.port, '9200');
			assert.equal(serviceOf(url), 'Elasticsearch');
		});
		it('a default port is no port', () => {
			assert.equal(parseUrl('https://api.example.com:443/x').port, undefined);
			assert.equal(parseUrl('localhost:9200/x').port, '9200');
		});
		it('HTTPie shorthand is localhost', () => {
			assert.equal(parseUrl(':8080/api/accounts/7', { localhostShorthand: true }).host, 'localhost');
		});
		it('gh api endpoints are relative to GitHub', () => {
			const url = parseUrl('repos/{owner}/{repo}/actions/caches?key=npm-cache', { base: 'https://api.github.com/' });
			assert.equal(url.host, 'api.github.com');
			assert.equal(lastShown(url), 'caches');
			assert.deepEqual(url.shown, ['repos', '{owner}', '{repo}', 'actions', 'caches']);
		});
		it('a bare path has no host', () => {
			assert.equal(parseUrl('/v1/items').host, '');
		});
		it('targets are shown as written', () => {
			assert.equal(lastShown(parseUrl('https://api.example.com/items/prj%5F1')), 'prj%5F1');
			assert.equal(lastShown(parseUrl('https://api.example.com/items/a%20b')), 'a%20b');
			assert.equal(lastShown(parseUrl('https://api.example.com/items/a b')), 'a b');
		});
		it('query parameters are decoded', () => {
			const url = parseUrl('https://api.example.com/graphql?query=mutation%20%7B%20x%20%7D&q=a+b');
			assert.equal(param(url, 'query'), 'mutation { x }');
			assert.equal(param(url, 'q'), 'a b');
		});
	});

	describe('expansions are kept apart', () => {
		it('in the path', () => {
			const url = parseUrl('https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records/$RECORD_ID', { dynamic: true });
			assert.equal(url.host, 'api.cloudflare.com');
			assert.equal(lastShown(url), '$RECORD_ID');
			assert.deepEqual(url.unknown.map((p) => [p.text, p.where]), [['$ZONE_ID', 'path'], ['$RECORD_ID', 'path-end']]);
		});
		it('in the query', () => {
			const url = parseUrl('https://backboard.railway.com/graphql/v2?query=$Q&$REST', { dynamic: true });
			assert.deepEqual(url.unknown.map((p) => [p.text, p.where, p.key]), [['$Q', 'query-value', 'query'], ['$REST', 'query-key', undefined]]);
		});
		it('in the host', () => {
			const url = parseUrl('https://$SUB.railway.com/graphql/v2', { dynamic: true });
			assert.equal(url.hostUnknown, true);
			assert.equal(url.hostSuffix, '.railway.com');
			assert.equal(controlPlaneOf(url)?.host, 'backboard.railway.com');
			assert.equal(controlPlaneOf(parseUrl('https://$APP.up.railway.app/api', { dynamic: true })), undefined);
		});
		it('right after a control-plane host', () => {
			const url = parseUrl('https://backboard.railway.com$GQL_PATH', { dynamic: true });
			assert.equal(controlPlaneOf(url)?.host, 'backboard.railway.com');
		});
		it('in the port', () => {
			const url = parseUrl('localhost:$PORT/api/items/3', { dynamic: true });
			assert.equal(url.host, 'localhost');
			assert.equal(lastShown(url), '3');
		});
		it('a `$` in a word that is not dynamic is literal', () => {
			assert.deepEqual(parseUrl("https://graph.example.com/users?$filter=x").unknown, []);
		});
	});

	describe("curl's URL globbing", () => {
		it('expands sets and ranges', () => {
			assert.deepEqual(expandCurlGlob('https://backboard.railway.co{m,}/graphql'), ['https://backboard.railway.com/graphql', 'https://backboard.railway.co/graphql']);
			assert.deepEqual(expandCurlGlob('https://h/[1-3]'), ['https://h/1', 'https://h/2', 'https://h/3']);
			assert.deepEqual(expandCurlGlob('https://h/[a-c:2]'), ['https://h/a', 'https://h/c']);
		});
		it('leaves IPv6 and escapes alone', () => {
			assert.deepEqual(expandCurlGlob('http://[::1]:9200/x'), ['http://[::1]:9200/x']);
			assert.deepEqual(expandCurlGlob('https://h/\\{a,b\\}'), ['https://h/{a,b}']);
		});
		it('stops at the limit', () => {
			assert.equal(expandCurlGlob('https://h/[1-64]/[1-64]', 10).length, 10);
		});
	});

	describe('the API table', () => {
		const planes: [string, string | undefined][] = [
			['https://api.heroku.com/apps', 'api.heroku.com'],
			['https://api.machines.dev/v1/apps', 'api.machines.dev'],
			['https://api.vercel.com/v9/projects', 'api.vercel.com'],
			['https://api.netlify.com/api/v1/sites', 'api.netlify.com'],
			['https://api.render.com/v1/services', 'api.render.com'],
			['https://api.supabase.com/v1/projects', 'api.supabase.com'],
			['https://api.digitalocean.com/v2/droplets', 'api.digitalocean.com'],
			['https://api.hetzner.cloud/v1/servers', 'api.hetzner.cloud'],
			['https://api.linode.com/v4/linode/instances', 'api.linode.com'],
			['https://api.cloudflare.com/client/v4/zones', 'api.cloudflare.com'],
			['https://api.github.com/repos/o/r', 'api.github.com'],
			['https://gitlab.com/api/v4/projects/1', 'gitlab.com'],
			['https://ec2.us-east-1.amazonaws.com/', 'ec2.us-east-1.amazonaws.com'],
			['https://dynamodb.eu-west-1.amazonaws.com/', 'dynamodb.eu-west-1.amazonaws.com'],
			['https://sqladmin.googleapis.com/v1/projects/p/instances', 'sqladmin.googleapis.com'],
			['https://management.azure.com/subscriptions/x', 'management.azure.com'],
			// Not control planes: apps and data a provider hosts, and other Google APIs.
			['https://myapp.up.railway.app/graphql', undefined],
			['https://acme.herokuapp.com/api', undefined],
			['https://web.vercel.app/', undefined],
			['https://gitlab.com/acme/widgets', undefined],
			['https://my-bucket.s3.amazonaws.com/key', undefined],
			['https://abc.execute-api.us-east-1.amazonaws.com/prod', undefined],
			['https://generativelanguage.googleapis.com/v1beta/models', undefined],
			['https://acct.blob.core.windows.net/c/b', undefined],
			['https://abcdefghijklmnop.supabase.co/rest/v1/todos', undefined],
			['https://api.stripe.com/v1/customers', undefined],
			['https://api.example.com/graphql', undefined],
		];
		for (const [url, host] of planes) {
			it(`${url} → ${host ?? 'no control plane'}`, () => {
				assert.equal(controlPlaneOf(parseUrl(url))?.host, host);
			});
		}
		it('names the provider of any of its hosts', () => {
			assert.equal(apiOf(parseUrl('https://myapp.up.railway.app/'))?.name, 'Railway');
			assert.equal(apiOf(parseUrl('https://github.acme.com/api/v3'))?.name, 'GitHub');
			assert.equal(serviceOf(parseUrl('http://es-01.internal:9201/x')), 'Elasticsearch');
			assert.equal(serviceOf(parseUrl('https://k8s.internal/api/v1/namespaces/x')), 'Kubernetes');
			assert.equal(serviceOf(parseUrl('https://notrailway.com/')), undefined);
		});
		it('describes the API for a reason', () => {
			assert.equal(describeApi(parseUrl('https://backboard.railway.com/graphql/v2')), "Railway's GraphQL API (backboard.railway.com)");
			assert.equal(describeApi(parseUrl('https://api.heroku.com/apps/x')), "Heroku's API (api.heroku.com)");
			assert.equal(describeApi(parseUrl('https://api.example.com/x')), 'api.example.com');
		});
	});

	describe('bodies', () => {
		it('only expansions that can change the operation count', () => {
			assert.deepEqual(shapingExpansions('$PAYLOAD'), ['$PAYLOAD']);
			assert.deepEqual(shapingExpansions('${BODY:-{}}'), ['${BODY:-{}']);
			assert.deepEqual(shapingExpansions('{"query": $Q}'), ['$Q']);
			assert.deepEqual(shapingExpansions('query=$Q'), ['$Q']);
			assert.deepEqual(shapingExpansions('{"type":"$ACTION"}'), ['$ACTION']);
			assert.deepEqual(shapingExpansions('{"query":"mutation { $OP }"}'), ['$OP']);
			assert.deepEqual(shapingExpansions('{"name":"$NAME"}'), []);
			assert.deepEqual(shapingExpansions('{"query":"mutation($id: ID!) { projectCreate(id: $id) { id } }","variables":{"id":"$ID"}}'), []);
			assert.deepEqual(shapingExpansions('{"query":"query { project(id: \\"$ID\\") { name } }"}'), []);
		});
		it('finds GraphQL documents in literals', () => {
			assert.equal(hasGraphqlDocument(['{query: "query { me { id } }"}']), true);
			assert.equal(hasGraphqlDocument(['{text: "deploy done"}']), false);
		});
		it('reads substitutions', () => {
			assert.equal(substitutionInner('$(jq -n x)'), 'jq -n x');
			assert.equal(substitutionInner('<(cat "a)b")'), 'cat "a)b"');
			assert.equal(substitutionInner('$(a) $(b)'), undefined);
			assert.equal(substitutionInner('$((1+2))'), undefined);
		});
		it('names a delete whose id is a variable nobody set', () => {
			const [d] = graphqlDeletions('{"query":"mutation($id: String!) { volumeDelete(volumeId: $id) }"}');
			assert.deepEqual([d.targets, d.unknown], [['volumeDelete'], ['volumeId']]);
			const [known] = graphqlDeletions('{"query":"mutation($id: String!) { volumeDelete(volumeId: $id) }","variables":{"id":"v1"}}');
			assert.deepEqual([known.targets, known.unknown], [['v1'], undefined]);
		});
		it("reads curl's config format", () => {
			const args = curlConfigArgs('# c\nurl = "https://h/x"\nsilent\n-d "a \\"b\\""\ndata: @f.json\n');
			assert.deepEqual(args.map((w) => w.text), ['--url', 'https://h/x', '--silent', '-d', 'a "b"', '--data', '@f.json']);
		});
	});
});
