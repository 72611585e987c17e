import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectVerdict, useEngine, verdictCase } from '../../helpers';

useEngine();

const RAILWAY = 'https://backboard.railway.com/graphql/v2';
const VOLUME = '3d1c2b7e-4f8a-4b6e-9c1d-2a3b4c5d6e7f';
const BODY = `{"query":"mutation { volumeDelete(volumeId: \\"${VOLUME}\\") }"}`;

describe('http pack', () => {
	const t = verdictCase;

	describe('the Railway volumeDelete incident, however the body is written', () => {
		t(`curl -X POST ${RAILWAY} -H "Authorization: Bearer $RAILWAY_TOKEN" -H "Content-Type: application/json" -d '${BODY}'`, 'confirm', VOLUME, 'http:graphql-delete');
		t(`curl ${RAILWAY} --data '${BODY}'`, 'confirm', VOLUME, 'http:graphql-delete');
		t(`curl ${RAILWAY} --data-raw '${BODY}'`, 'confirm', VOLUME);
		t(`curl ${RAILWAY} --data-binary '${BODY}'`, 'confirm', VOLUME);
		t(`curl ${RAILWAY} --data-ascii '${BODY}'`, 'confirm', VOLUME);
		t(`curl --json '${BODY}' ${RAILWAY}`, 'confirm', VOLUME);
		t(`curl -sSd'${BODY}' ${RAILWAY}`, 'confirm', VOLUME);
		t(`curl --data='${BODY}' ${RAILWAY}`, 'confirm', VOLUME);
		t(`curl --url ${RAILWAY} -d '${BODY}'`, 'confirm', VOLUME);
		t(`curl -d @http/volume-delete.json ${RAILWAY}`, 'confirm', '5f1c0d2e-8a3b-4c1d-9e2f-0a1b2c3d4e5f');
		t(`curl -d "$(cat http/volume-delete.json)" ${RAILWAY}`, 'confirm', '5f1c0d2e-8a3b-4c1d-9e2f-0a1b2c3d4e5f');
		t(`curl -d @volume-delete.json ${RAILWAY}`, 'confirm', '5f1c0d2e-8a3b-4c1d-9e2f-0a1b2c3d4e5f', undefined, { cwd: '/home/dev/project/http' });
		t(`echo '${BODY}' | curl -d @- ${RAILWAY}`, 'confirm', VOLUME);
		t(`curl -d @- ${RAILWAY} <<'EOF'\n${BODY}\nEOF`, 'confirm', VOLUME);
		t(`curl -d @- ${RAILWAY} <<< '${BODY}'`, 'confirm', VOLUME);
		t(`curl ${RAILWAY} -d '{"query":"mutation($id: String!) { volumeDelete(volumeId: $id) }","variables":{"id":"vol-var"}}'`, 'confirm', 'vol-var');
		t(`curl ${RAILWAY} -d '{"query":"mutation Drop { keep: volumeDelete(volumeId: \\"v-a\\") other: volumeDelete(volumeId: \\"v-b\\") }","operationName":"Drop"}'`, 'confirm', 'v-a');
		t(`curl ${RAILWAY} -d "{\\"query\\":\\"mutation { volumeDelete(volumeId: \\\\\\"dq-1\\\\\\") }\\"}"`, 'confirm', 'dq-1');
		t(`curl "${RAILWAY}?query=mutation%20%7B%20volumeDelete(volumeId%3A%20%22get-1%22)%20%7D"`, 'confirm', 'get-1');
		t(`curl -G ${RAILWAY} --data-urlencode 'query=mutation { volumeDelete(volumeId: "enc-1") }'`, 'confirm', 'enc-1');
		t(`http POST ${RAILWAY} query='mutation { volumeDelete(volumeId: "httpie-1") }'`, 'confirm', 'httpie-1');
		t(`http POST ${RAILWAY} query='mutation($id: String!) { volumeDelete(volumeId: $id) }' variables:='{"id": "httpie-2"}'`, 'confirm', 'httpie-2');
		t(`http --raw '${BODY}' POST ${RAILWAY}`, 'confirm', VOLUME);
		t(`wget --post-data='${BODY}' ${RAILWAY}`, 'confirm', VOLUME);
		t(`wget --method=POST --body-data='${BODY}' ${RAILWAY}`, 'confirm', VOLUME);
		t(`gh api graphql -f query='mutation($id: String!) { volumeDelete(volumeId: $id) }' -F id=gh-1`, 'confirm', 'gh-1');
		t(`python3 -c "import requests; requests.post('${RAILWAY}', json={'query': 'mutation { volumeDelete(volumeId: \\"py-1\\") }'})"`, 'confirm', 'py-1');
		t(`node -e "fetch('${RAILWAY}', {method: 'POST', body: JSON.stringify({query: 'mutation { volumeDelete(volumeId: \\"js-1\\") }'})})"`, 'confirm', 'js-1');
		t('python3 http/cleanup_volumes.py', 'confirm', 'volumeDelete', 'http:graphql-in-script');
		t(`curl ${RAILWAY} -d '{"query":"mutation { volumeDelete(volumeId: \\"broken\\" }"}'`, 'confirm', 'volumeDelete');
		t(`gq ${RAILWAY} -q 'mutation($id: String!) { volumeDelete(volumeId: $id) }' -v id=gq-1`, 'confirm', 'gq-1');
	});

	describe('wrappers', () => {
		t(`sudo curl -X POST ${RAILWAY} -d '${BODY}'`, 'confirm', VOLUME);
		t(`env RAILWAY_TOKEN=x curl ${RAILWAY} -d '${BODY}'`, 'confirm', VOLUME);
		t(`bash -c "curl -X DELETE https://api.example.com/v1/projects/prj_1"`, 'confirm', 'prj_1');
		t(`ssh ops@bastion 'curl -XDELETE http://localhost:9200/logs-2024'`, 'confirm', 'logs-2024');
		t(`timeout 30 curl -X DELETE https://api.example.com/v1/projects/prj_2`, 'confirm', 'prj_2');
		t(`BODY='${BODY}' curl -X POST ${RAILWAY} -d "$BODY"`, 'confirm', VOLUME);
	});

	describe('DELETE requests', () => {
		t('curl -X DELETE https://api.example.com/v1/projects/prj_123', 'confirm', 'prj_123', 'http:delete-request');
		t('curl -XDELETE https://api.example.com/v1/projects/prj_124', 'confirm', 'prj_124');
		t('curl --request DELETE https://api.example.com/v1/projects/prj_125/', 'confirm', 'prj_125');
		t('curl --request=DELETE "https://api.example.com/v1/projects/prj_126?force=true"', 'confirm', 'prj_126');
		t('curl https://api.example.com/v1/projects/prj_127 -X delete', 'confirm', 'prj_127');
		t('http DELETE https://api.heroku.com/apps/acme', 'confirm', 'acme');
		t('wget --method=DELETE https://api.example.com/items/7', 'confirm', 'items/7');
		t('gh api -X DELETE repos/acme/widgets', 'confirm', 'widgets');
		t('Invoke-RestMethod -Method Delete -Uri https://api.example.com/items/8', 'confirm', 'items/8');
		t('curl -X DELETE https://api.example.com', 'confirm', 'api.example.com');
	});

	describe('severity', () => {
		it('an infrastructure API raises a DELETE to critical', () => {
			assert.equal(expectVerdict('curl -X DELETE https://api.vercel.com/v9/projects/web', 'confirm', 'web').severity, 'critical');
		});
		it('an unknown API stays high', () => {
			assert.equal(expectVerdict('curl -X DELETE https://api.example.com/v1/items/1', 'confirm', 'items/1').severity, 'high');
		});
		it('Elasticsearch indexes are critical', () => {
			assert.equal(expectVerdict('curl -X DELETE localhost:9200/orders', 'confirm', 'orders').severity, 'critical');
		});
		it('the incident is critical', () => {
			assert.equal(expectVerdict(`curl ${RAILWAY} -d '${BODY}'`, 'confirm', VOLUME).severity, 'critical');
		});
		t('curl -X POST https://api.example.com/graphql -d \'{"query":"mutation { purgeCache { ok } }"}\'', 'allow');
		t('curl -X POST https://hasura.example.com/v1/graphql -d \'{"query":"mutation { delete_sessions(where: {}) { affected_rows } }"}\'', 'confirm', 'delete_sessions', 'http:graphql-delete');
		t('curl -X POST https://hasura.example.com/v1/graphql -d \'{"query":"mutation { delete_sessions(where: {user_id: {_eq: 4}}) { affected_rows } }"}\'', 'allow');
		t('curl -X POST https://api.example.com/graphql -d \'{"query":"mutation { purgeCache { ok } }"}\'', 'confirm', 'purgeCache', 'http:graphql-delete', { production: true });
		t(`curl -X POST ${RAILWAY} -d "$PAYLOAD"`, 'allow');
		t(`curl -X POST ${RAILWAY} -d "$PAYLOAD"`, 'confirm', '$PAYLOAD', 'http:graphql-opaque', { production: true });
	});

	describe('other destructive endpoints', () => {
		t('curl -X POST "localhost:9200/logs/_delete_by_query" -d \'{"query":{"match_all":{}}}\'', 'confirm', 'logs', 'http:destructive-post');
		t('curl -X POST https://api.supabase.com/v1/projects/ref/database/query -d \'{"query": "DROP TABLE users"}\'', 'confirm', 'users', 'http:sql-statement');
		t('curl "http://localhost:8123/?query=TRUNCATE%20TABLE%20events"', 'confirm', 'events', 'http:sql-statement');
	});

	describe('hard negatives', () => {
		t('curl https://api.example.com/items', 'allow');
		t(`curl -X POST ${RAILWAY} -d '{"query":"query { volumes { id } }"}'`, 'allow');
		t(`curl -X POST ${RAILWAY} -d '{"query":"mutation { volumeCreate(input: {projectId: \\"p\\"}) { id } }"}'`, 'allow');
		t(`curl -X POST ${RAILWAY} -d @http/list-volumes.json`, 'allow');
		t('curl -I https://example.com', 'allow');
		t('curl -X GET https://api.example.com/items/1', 'allow');
		t('curl -X HEAD https://api.example.com/items/1', 'allow');
		t('wget https://example.com/file.tar.gz', 'allow');
		t('http GET https://api.example.com/items', 'allow');
		t('http --offline DELETE https://api.example.com/items/1', 'allow');
		t('curl -H "X-Action: DELETE" https://api.example.com/items', 'allow');
		t('curl -d "action=delete" https://api.example.com/form', 'allow');
		t('echo "curl -X DELETE https://api.example.com/v1/projects/prj_123"', 'allow');
		t('curl -X POST https://hooks.slack.com/x -d \'{"text":"volumeDelete ran, mutation done"}\'', 'allow');
		t('curl -X POST https://api.example.com/graphql -d \'{"query":"mutation { resetPassword(email: \\"a@b.c\\") }"}\'', 'allow');
		t('gh api repos/acme/widgets', 'allow');
		t('gh api graphql -f query=\'query { viewer { login } }\'', 'allow');
	});
});
