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
		// A method only known when it runs that is DELETE when a variable is unset or empty.
		t('curl -X ${M:-DELETE} https://api.example.com/v1/projects/prj_128', 'confirm', 'prj_128', 'http:delete-request');
		t('curl -X DEL${X}ETE https://api.example.com/v1/projects/prj_129', 'confirm', 'prj_129', 'http:delete-request');
		t('wget --method=${M:-DELETE} https://api.example.com/items/9', 'confirm', 'items/9', 'http:delete-request');
		t('curl -X ${M:-GET} https://api.example.com/v1/projects/prj_130', 'allow');
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
		t(`curl -X POST ${RAILWAY} -d "$PAYLOAD"`, 'confirm', 'backboard.railway.com', 'http:graphql-opaque');
		t(`curl -X POST ${RAILWAY} -d "$PAYLOAD"`, 'confirm', 'backboard.railway.com', 'http:graphql-opaque', { production: true });
		it('an opaque request to a control plane is high', () => {
			assert.equal(expectVerdict(`curl -X POST ${RAILWAY} -d @/tmp/q.json`, 'confirm', 'backboard.railway.com').severity, 'high');
		});
		it('a spelled-out infrastructure host still raises a DELETE to critical', () => {
			assert.equal(expectVerdict('curl -X DELETE https://API.HEROKU.COM./apps/acme', 'confirm', 'acme').severity, 'critical');
			assert.equal(expectVerdict('curl -X DELETE https://api%2Eheroku.com/apps/acme', 'confirm', 'acme').severity, 'critical');
			assert.equal(expectVerdict('curl -X DELETE https://user@api.vercel.com:443/v9/projects/web', 'confirm', 'web').severity, 'critical');
		});
		it('an app hosted on a provider is not its control plane: an opaque GraphQL body there stays medium', () => {
			assert.equal(expectVerdict('curl https://myapp.up.railway.app/graphql -d "$P"', 'allow').severity, 'medium');
		});
	});

	describe('URL spellings of the Railway endpoint', () => {
		for (const url of [
			'https://BACKBOARD.railway.com./%67raphql/v2',
			'https://backboard.railway.com:443/graphql/v2',
			'https://user@backboard.railway.com/graphql/v2?x=1#f',
			'backboard.railway.com/graphql/v2',
			'https://backboard%2Erailway.com/graphql/v2',
			'HTTPS://Backboard.Railway.com/GraphQL/v2',
			'https://backboard.railway.co{m,}/graphql/v2',
		]) {
			t(`curl '${url}' -d "$PAYLOAD"`, 'confirm', 'backboard.railway.com', 'http:graphql-opaque');
		}
		t(`curl "https://backboard.railway.com$GQL_PATH" -d '{"query":"query { me { id } }"}'`, 'confirm', 'backboard.railway.com', 'http:graphql-opaque');
		t('curl "https://$SUB.railway.com/graphql/v2" -d "$BODY"', 'confirm', 'backboard.railway.com', 'http:graphql-opaque');
		t(`curl -d @/tmp/q.json "$(echo ${RAILWAY})"`, 'confirm', 'backboard.railway.com', 'http:graphql-opaque');
		t('curl -g -d "$P" \'https://backboard.railway.co{m,}/graphql/v2\'', 'allow');
		it('the reason says what could not be read', () => {
			const v = expectVerdict(`curl -X POST ${RAILWAY} --data @/tmp/q.json`, 'confirm', 'backboard.railway.com', 'http:graphql-opaque');
			assert.equal(v.reason, "Posts the contents of /tmp/q.json to Railway's GraphQL API (backboard.railway.com); the file could not be read, so what the request does is only known when it runs.");
		});
	});

	describe('opaque requests to control planes', () => {
		const O = 'http:graphql-opaque';
		t(`curl ${RAILWAY} -d @- < /tmp/q.json`, 'confirm', 'backboard.railway.com', O);
		t(`curl ${RAILWAY} -d @-`, 'confirm', 'backboard.railway.com', O);
		t(`curl ${RAILWAY} --data-binary @/dev/stdin`, 'confirm', 'backboard.railway.com', O);
		t(`curl ${RAILWAY} --data-binary @/dev/fd/0`, 'confirm', 'backboard.railway.com', O);
		t(`curl ${RAILWAY} -d @<(cat /tmp/q.json)`, 'confirm', 'backboard.railway.com', O);
		// A persisted operation sent by its hash alone: what it does is stored on the server.
		t(`curl ${RAILWAY} -d '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38"}}}'`, 'confirm', 'backboard.railway.com', O);
		t(`curl ${RAILWAY} -d '{"query":"query { me { id } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}'`, 'allow');
		t(`curl ${RAILWAY} -d@<(some-generator)`, 'confirm', 'backboard.railway.com', O);
		t(`curl --json @/tmp/q.json ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -F 'operations=@/tmp/ops.json' ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -F 'query=</tmp/q.graphql' ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -K /tmp/railway.curlrc ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl --config=/tmp/railway.curlrc ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl --variable 'body@/tmp/q.json' --expand-data '{{body}}' ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl --variable %GQL_BODY --expand-data '{{GQL_BODY}}' ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -G --url-query "query=$Q" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -G --url-query 'query@/tmp/q.graphql' ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl "${RAILWAY}?query=$Q"`, 'confirm', 'backboard.railway.com', O);
		t(`curl "${RAILWAY}?$PARAMS"`, 'confirm', 'backboard.railway.com', O);
		t(`curl -X POST -T /tmp/q.json ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -T - ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -d @"$F" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -d "\${BODY:-{}}" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -d "$A$B" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -d "{\\"query\\": $QUERY}" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl --data-urlencode "query=$Q" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -d "$(cat /tmp/q.json)" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -d @http/list-volumes.json -d "$EXTRA" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -d "$(printf '%s' "$P")" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`curl -d @- ${RAILWAY} <<< "$P"`, 'confirm', 'backboard.railway.com', O);
		t(`curl -d @- ${RAILWAY} <<EOF\n$PAYLOAD\nEOF`, 'confirm', 'backboard.railway.com', O);
		t(`echo "$PAYLOAD" | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`echo "$P" | tee /tmp/sent | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`wget --post-file=/tmp/q.json ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`wget --post-data="$PAYLOAD" ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`wget --post-file=/dev/stdin ${RAILWAY} < /tmp/q.json`, 'confirm', 'backboard.railway.com', O);
		t('http POST backboard.railway.com/graphql/v2 < body.json', 'confirm', 'backboard.railway.com', O);
		t('http POST backboard.railway.com/graphql/v2 @/tmp/q.json', 'confirm', 'backboard.railway.com', O);
		t('http POST backboard.railway.com/graphql/v2 query="$Q"', 'confirm', 'backboard.railway.com', O);
		t('http POST backboard.railway.com/graphql/v2 query=@/tmp/q.graphql', 'confirm', 'backboard.railway.com', O);
		t('http --raw "$PAYLOAD" POST backboard.railway.com/graphql/v2', 'confirm', 'backboard.railway.com', O);
		t('xh POST backboard.railway.com/graphql/v2 @/tmp/q.json', 'confirm', 'backboard.railway.com', O);
		t('gh api graphql -F query=@/tmp/q.graphql', 'confirm', 'api.github.com', O);
		t('gh api graphql -f query="$QUERY"', 'confirm', 'api.github.com', O);
		t('gh api graphql --input -', 'confirm', 'api.github.com', O);
		t(`gq ${RAILWAY} --queryFile /tmp/q.graphql`, 'confirm', 'backboard.railway.com', O);
		t(`gq ${RAILWAY} -q "$Q"`, 'confirm', 'backboard.railway.com', O);
		t(`Invoke-RestMethod -Method Post -Uri ${RAILWAY} -Body $body`, 'confirm', 'backboard.railway.com', O);
		t(`Invoke-RestMethod -Method Post -Uri ${RAILWAY} -InFile /tmp/q.json`, 'confirm', 'backboard.railway.com', O);
		const R = 'http:opaque-request';
		t('curl -X "$METHOD" https://api.heroku.com/apps/acme-prod', 'confirm', 'api.heroku.com', R);
		t('curl -X POST -H "X-HTTP-Method-Override: $M" https://api.heroku.com/apps/acme-prod', 'confirm', 'api.heroku.com', R);
		t('http "$METHOD" api.heroku.com/apps/acme-prod', 'confirm', 'api.heroku.com', R);
		t('curl -X POST https://api.digitalocean.com/v2/droplets/3164494/actions -d @action.json', 'confirm', 'api.digitalocean.com', R);
		t('curl -X POST https://api.digitalocean.com/v2/droplets/3164494/actions -d "{\\"type\\":\\"$ACTION\\"}"', 'confirm', 'api.digitalocean.com', R);
		t('curl -X PATCH https://api.vercel.com/v9/projects/web -d "$SETTINGS"', 'confirm', 'api.vercel.com', R);
		t('curl -X POST https://api.hetzner.cloud/v1/servers/42/actions/$ACTION', 'confirm', 'api.hetzner.cloud', R);
		t('curl -X POST https://api.machines.dev/v1/apps/web/machines -d @machine.json', 'confirm', 'api.machines.dev', R);
		t('curl -X POST https://api.netlify.com/api/v1/sites -d @site.json', 'confirm', 'api.netlify.com', R);
		t('curl -X POST https://api.render.com/v1/services -d "$SERVICE_JSON"', 'confirm', 'api.render.com', R);
		t('curl -X POST https://api.supabase.com/v1/projects -d @/tmp/project.json', 'confirm', 'api.supabase.com', R);
		t('curl -X POST https://api.linode.com/v4/linode/instances -d @/tmp/spec.json', 'confirm', 'api.linode.com', R);
		t('curl -X POST "https://api.cloudflare.com/client/v4/zones/$ZONE/$OP"', 'confirm', 'api.cloudflare.com', R);
		t('curl -X POST https://ec2.us-east-1.amazonaws.com/ -d "$EC2_QUERY"', 'confirm', 'ec2.us-east-1.amazonaws.com', R);
		t('curl -X POST https://sqladmin.googleapis.com/v1/projects/acme/instances -d @/tmp/instance.json', 'confirm', 'sqladmin.googleapis.com', R);
		t('curl -X POST "https://management.azure.com$RESOURCE_ID/restart?api-version=2023-03-01"', 'confirm', 'management.azure.com', R);
		t('gh api -X "$METHOD" repos/acme/widgets', 'confirm', 'api.github.com', R);
		t('gh api repos/acme/widgets -X PATCH --input /tmp/patch.json', 'confirm', 'api.github.com', R);
		t('gh api --hostname github.acme.com repos/acme/widgets -X PATCH --input /tmp/patch.json', 'confirm', 'github.acme.com', R);
		t('curl -H "X-HTTP-Method-Override: DELETE" -X POST https://api.heroku.com/apps/acme-old', 'confirm', 'acme-old', 'http:delete-request');
		t('curl -X POST "https://api.example.com/items/9?_method=DELETE"', 'confirm', 'items/9', 'http:delete-request');
		t('curl -d "_method=delete" https://api.example.com/items/10', 'confirm', 'items/10', 'http:delete-request');
		t('curl -X DELETE --request-target /apps/acme https://api.heroku.com/', 'confirm', 'acme', 'http:delete-request');
		t('curl --request-target "$T" -d "{}" https://api.heroku.com/', 'confirm', 'api.heroku.com', R);
		t('curl $CURL_OPTS https://api.heroku.com/apps', 'confirm', 'api.heroku.com', R);
		t(`curl "$@" ${RAILWAY}`, 'confirm', 'backboard.railway.com', 'http:graphql-opaque');
		it('a DELETE is judged by its target, not as opaque', () => {
			const v = expectVerdict('curl -X DELETE "https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records/$RECORD_ID"', 'confirm', '$RECORD_ID', 'http:delete-request');
			assert.ok(!v.hits.some((h) => h.rule === 'http:opaque-request'));
		});
		it('the method is named when it is unknown', () => {
			assert.match(expectVerdict('curl -X "$METHOD" https://api.heroku.com/apps/x', 'confirm').reason, /the method \$METHOD is not set/);
		});
	});

	describe('bodies built by another command', () => {
		const D = 'http:graphql-delete';
		t(`jq -n --arg id "$VOL" '{query: "mutation($id: String!) { volumeDelete(volumeId: $id) }", variables: {id: $id}}' | curl -s ${RAILWAY} -d @-`, 'confirm', 'volumeDelete', D);
		it('the id only known when it runs is said so', () => {
			const v = expectVerdict(`jq -n --arg id "$VOL" '{query: "mutation($id: String!) { volumeDelete(volumeId: $id) }", variables: {id: $id}}' | curl -s ${RAILWAY} -d @-`, 'confirm', 'volumeDelete');
			assert.equal(v.severity, 'critical');
			assert.match(v.reason, /built by jq/);
			assert.match(v.reason, /volumeId is only known when it runs/);
		});
		t(`jq -n --arg id vol-jq-1 '{query: "mutation($id: String!) { volumeDelete(volumeId: $id) }", variables: {id: $id}}' | curl -s ${RAILWAY} -d @-`, 'confirm', 'vol-jq-1', D);
		t(`jq -n --argjson v '{"id": "vol-jq-4"}' '{query: "mutation($id: String!) { volumeDelete(volumeId: $id) }", variables: $v}' | curl ${RAILWAY} -d @-`, 'confirm', 'vol-jq-4', D);
		t(`jq -n '{query: "mutation { volumeDelete(volumeId: \\"\\($id)\\") }"}' --arg id vol-jq-3 | curl -d @- ${RAILWAY}`, 'confirm', 'vol-jq-3', D);
		t(`jq -n --arg q 'mutation { volumeDelete(volumeId: "vol-arg") }' '{query: $q}' | curl -d @- ${RAILWAY}`, 'confirm', 'vol-arg', D);
		t(`jq -n -f http/volume-delete.jq --arg id vol-jq-2 | curl --data-binary @- ${RAILWAY}`, 'confirm', 'vol-jq-2', D);
		t(`jq -c . http/volume-delete.json | curl -d @- ${RAILWAY}`, 'confirm', '5f1c0d2e-8a3b-4c1d-9e2f-0a1b2c3d4e5f', D);
		t(`echo '{"query":"mutation { volumeDelete(volumeId: \\"stdin-jq\\") }"}' | jq -c . | curl -d @- ${RAILWAY}`, 'confirm', 'stdin-jq', D);
		t(`jo query='mutation { volumeDelete(volumeId: "jo-vol-1") }' | curl -d @- ${RAILWAY}`, 'confirm', 'jo-vol-1', D);
		t(`jo -d . query='mutation($id: String!) { projectDelete(id: $id) }' variables.id=prj-jo-2 | curl --json @- ${RAILWAY}`, 'confirm', 'prj-jo-2', D);
		t(`python3 -c 'import json; print(json.dumps({"query": "mutation { volumeDelete(volumeId: \\"py-pipe-1\\") }"}))' | curl -d @- ${RAILWAY}`, 'confirm', 'py-pipe-1', D);
		t(`node -e 'console.log(JSON.stringify({query: "mutation { serviceDelete(id: \\"svc-node-1\\") }"}))' | curl -d @- ${RAILWAY}`, 'confirm', 'svc-node-1', D);
		t(`gojq -n '{query: "mutation { environmentDelete(id: \\"env-gojq\\") }"}' | curl -d @- ${RAILWAY}`, 'confirm', 'env-gojq', D);
		t(`yq -n -o json '.query = "mutation { volumeDelete(volumeId: \\"yq-vol\\") }"' | curl -d @- ${RAILWAY}`, 'confirm', 'yq-vol', D);
		t(`curl -d @<(jq -n '{query: "mutation { volumeDelete(volumeId: \\"ps-vol-1\\") }"}') ${RAILWAY}`, 'confirm', 'ps-vol-1', D);
		t(`curl -d "$(jq -n '{query: "mutation { volumeDelete(volumeId: \\"cs-vol-1\\") }"}')" ${RAILWAY}`, 'confirm', 'cs-vol-1', D);
		t(`BODY=$(jq -n '{query: "mutation { volumeDelete(volumeId: \\"line-var\\") }"}'); curl -d "$BODY" ${RAILWAY}`, 'confirm', 'line-var', D);
		t(`echo '{"query":"mutation { volumeDelete(volumeId: \\"tee-1\\") }"}' | tee /tmp/sent.json | curl -d @- ${RAILWAY}`, 'confirm', 'tee-1', D);
		t(`jq -n '{query: "mutation { volumeDelete(volumeId: \\"xh-vol\\") }"}' | xh POST backboard.railway.com/graphql/v2`, 'confirm', 'xh-vol', D);
		t(`jq -n '{query: "mutation { volumeDelete(volumeId: \\"wget-vol\\") }"}' | wget -qO- --post-file=/dev/stdin ${RAILWAY}`, 'confirm', 'wget-vol', D);
		t(`jq -n '{query: "mutation { volumeDelete(volumeId: \\"gh-in\\") }"}' | gh api graphql --input -`, 'confirm', 'gh-in', D);
		t('curl -K http/railway-delete.curlrc', 'confirm', 'cfg-vol-1', D);
		t(`curl -d @- ${RAILWAY} < <(jq -n '{query: "mutation { volumeDelete(volumeId: \\"rs-1\\") }"}')`, 'confirm', 'rs-1', D);
		t(`curl --variable 'body@http/volume-delete.json' --expand-data '{{body}}' ${RAILWAY}`, 'confirm', '5f1c0d2e-8a3b-4c1d-9e2f-0a1b2c3d4e5f', D);
		t(`curl -G --url-query 'query=mutation { volumeDelete(volumeId: "uq-1") }' ${RAILWAY}`, 'confirm', 'uq-1', D);
		t(`curl -X POST -T http/volume-delete.json ${RAILWAY}`, 'confirm', '5f1c0d2e-8a3b-4c1d-9e2f-0a1b2c3d4e5f', D);
		const O = 'http:graphql-opaque';
		t(`jq -n --arg q "$Q" '{query: $q}' | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`jq -n '{query: env.Q}' | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`jq -n --rawfile q /tmp/q.graphql '{query: $q}' | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`jq -n "$PROGRAM" | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`jq -c . /tmp/q.json | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`jq -n '{query: ("mut" + "ation { volume" + "Remove }")}' | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`jo query="$Q" | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`python3 -c 'import json,os; print(json.dumps({"query": os.environ["Q"]}))' | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`cat /tmp/q.json | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`railway-body-gen | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`echo '{"query":"mutation { volumeCreate(input: {projectId: \\"p\\"}) { id } }"}' | sed s/Create/Delete/ | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`envsubst < http/list-volumes.json | curl -d @- ${RAILWAY}`, 'confirm', 'backboard.railway.com', O);
		t(`envsubst '$TOKEN' < http/list-volumes.json | curl -d @- ${RAILWAY}`, 'allow');
	});

	describe('safe look-alikes of opaque requests', () => {
		t(`curl ${RAILWAY} -H "Authorization: Bearer $RAILWAY_TOKEN"`, 'allow');
		t('curl -I backboard.railway.com/graphql/v2', 'allow');
		t('wget -qO- https://backboard.railway.com/graphql/v2', 'allow');
		t('curl -d @payload.json https://httpbin.org/post', 'allow');
		t('curl -d @payload.json http://localhost:4000/graphql', 'allow');
		t('curl -d @payload.json https://myapp.up.railway.app/api/upload', 'allow');
		t('curl -X POST "https://$APP_HOST/graphql" -d "$PAYLOAD"', 'allow');
		t(`jq -n '{query: "query { me { id } }"}' | curl -d @- ${RAILWAY}`, 'allow');
		t(`jq -n --arg id "$PROJECT_ID" '{query: "mutation($id: String!) { volumeCreate(input: {projectId: $id}) { id } }", variables: {id: $id}}' | curl -d @- ${RAILWAY}`, 'allow');
		t(`jq -c . http/list-volumes.json | curl -d @- ${RAILWAY}`, 'allow');
		t(`jo query='query { me { id } }' | curl -d @- ${RAILWAY}`, 'allow');
		t(`python3 -c 'import json; print(json.dumps({"query": "query { me { id } }"}))' | curl -d @- ${RAILWAY}`, 'allow');
		t(`curl -d @<(jq -n '{query: "query { me { id } }"}') ${RAILWAY}`, 'allow');
		t(`curl -d @http/volume-create.json ${RAILWAY}`, 'allow');
		t('curl -K http/railway-list.curlrc', 'allow');
		t(`curl --variable 'q=query { me { id } }' --expand-data '{"query":"{{q:json}}"}' ${RAILWAY}`, 'allow');
		t(`curl -G --url-query 'query=query { me { id } }' ${RAILWAY}`, 'allow');
		t(`curl -d @- ${RAILWAY} <<'EOF'\n{"query":"query { me { id } }"}\nEOF`, 'allow');
		t(`curl -X POST ${RAILWAY} -d "{\\"query\\":\\"mutation(\\$id: String!) { volumeCreate(input: {projectId: \\$id}) { id } }\\",\\"variables\\":{\\"id\\":\\"$PROJECT_ID\\"}}"`, 'allow');
		t(`curl -X POST ${RAILWAY} -d "{\\"query\\":\\"query { project(id: \\\\\\"$PROJECT_ID\\\\\\") { name } }\\"}"`, 'allow');
		t('curl "https://api.heroku.com/apps/$APP"', 'allow');
		t('http GET api.heroku.com/apps/$APP', 'allow');
		t('gh api "repos/$REPO/pulls"', 'allow');
		t('curl -X POST "https://api.vercel.com/v13/deployments?teamId=$TEAM_ID" -d \'{"name":"web"}\'', 'allow');
		t('curl -X PATCH https://api.heroku.com/apps/$APP/config-vars -d "{\\"LOG_LEVEL\\":\\"$LEVEL\\"}"', 'allow');
		t('curl -X PUT -T build.zip "https://my-bucket.s3.amazonaws.com/releases/build.zip?X-Amz-Signature=$SIG"', 'allow');
		t('curl -X POST "https://generativelanguage.googleapis.com/v1beta/models/gemini-pro:generateContent?key=$KEY" -d @req.json', 'allow');
		t('curl -X "$METHOD" https://api.example.com/items/1', 'allow');
		t('curl --data-raw @/tmp/q.json https://backboard.railway.com/graphql/v2', 'allow');
		t(`jq -n '{text: "deploy done"}' | curl -d @- https://hooks.slack.com/services/T0/B0/X`, 'allow');
		t('curl "$URL"', 'allow');
		t('curl $CURL_OPTS "$URL"', 'allow');
		t('curl -X POST "https://api.example.com/items?_method=GET"', 'allow');
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

	describe('glab api: GitLab is a control plane, judged like gh api', () => {
		t('glab api -X DELETE projects/1/variables/FOO', 'confirm', 'FOO', 'http:delete-request');
		t('glab api --method=DELETE /projects/7/protected_branches/main', 'confirm', 'main', 'http:delete-request');
		t('glab api --hostname git.corp.example -X DELETE projects/3', 'confirm', 'projects/3', 'http:delete-request');
		t(`glab api graphql -f query='mutation { destroyNote(input: {id: "gid://gitlab/Note/5"}) { errors } }'`, 'confirm', 'gid://gitlab/Note/5', 'http:graphql-delete');
		t('glab api -X "$M" projects/1/variables/FOO', 'confirm', 'gitlab.com', 'http:opaque-request');
		t('glab api projects/1/variables/FOO', 'allow');
		t('glab api -X PUT projects/1/variables/FOO -f value=bar', 'allow');
		t('glab mr list', 'allow');
	});

	describe('POST endpoints of particular APIs that delete', () => {
		t('curl -X POST https://jenkins.example/job/build-images/doDelete', 'confirm', 'build-images', 'http:destructive-post');
		t(`curl -X POST 'http://prom:9090/api/v1/admin/tsdb/delete_series?match[]=node_load1'`, 'confirm', 'node_load1', 'http:destructive-post');
		t('http POST :7700/indexes/movies/documents/delete-batch', 'confirm', 'movies', 'http:destructive-post');
		t('curl -X POST https://api.example.com/v1/items/deleteAll', 'confirm', 'items', 'http:destructive-post');
		t('curl -X POST https://jenkins.example/job/build-images/build', 'allow');
		t('curl -X POST http://localhost:9200/logs/_close', 'allow');
		t('curl -X POST https://api.example.com/v1/deleted-items/restore', 'allow');
	});
});
