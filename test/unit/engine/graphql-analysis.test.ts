import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { destructiveField, findGraphqlRequests, graphqlDeletions, mutationDeletions, stringLiterals } from '../../../src/engine/http/graphql';

/** Fields and primary targets found in a body. */
function found(body: string): [string, string][] {
	return graphqlDeletions(body).map((d) => [d.field, d.targets[0]]);
}

describe('graphql-analysis', () => {
	describe('destructiveField', () => {
		const cases: [string, string | undefined][] = [
			['volumeDelete', 'critical'],
			['deleteProject', 'critical'],
			['projectDelete', 'critical'],
			['serviceDelete', 'critical'],
			['environmentDelete', 'critical'],
			['dropDatabase', 'critical'],
			['resetDatabase', 'critical'],
			['purgeAllData', 'critical'],
			['deleteall', 'critical'],
			['removeMember', 'high'],
			['deleteIssueComment', 'high'],
			['revokeApiToken', 'high'],
			['terminateInstance', 'critical'],
			['delete_orders', 'high'],
			['bulkdelete', 'high'],
			['purgeCache', 'medium'],
			['removeLabelsFromLabelable', 'medium'],
			['softDeleteUser', 'medium'],
			['uninstallApp', 'high'],
			['createProject', undefined],
			['volumeCreate', undefined],
			['updateDropdownOptions', undefined],
			['resetPassword', undefined],
			['requestPasswordReset', undefined],
			['restoreDeletedProject', undefined],
			['cancelProjectDeletion', undefined],
			['undeleteVolume', undefined],
			['isDeleted', undefined],
			['deployments', undefined],
		];
		for (const [name, severity] of cases) {
			it(`${name} -> ${severity ?? 'not destructive'}`, () => {
				assert.equal(destructiveField(name), severity);
			});
		}
	});

	describe('finding the document', () => {
		it('reads a JSON body with variables', () => {
			const [request] = findGraphqlRequests('{"query":"mutation($id: String!) { volumeDelete(volumeId: $id) }","variables":{"id":"v1"}}');
			assert.equal(request.query, 'mutation($id: String!) { volumeDelete(volumeId: $id) }');
			assert.deepEqual(request.variables, { id: 'v1' });
		});
		it('reads variables given as a JSON string', () => {
			assert.deepEqual(found('{"query":"mutation($id: ID!) { deleteUser(id: $id) }","variables":"{\\"id\\":\\"u9\\"}"}'), [['deleteUser', 'u9']]);
		});
		it('reads a batch array', () => {
			assert.deepEqual(found('[{"query":"query { me { id } }"},{"query":"mutation { deleteAccount(id: \\"a1\\") { ok } }"}]'), [['deleteAccount', 'a1']]);
		});
		it('reads a body that is a JSON string holding JSON', () => {
			assert.deepEqual(found(JSON.stringify(JSON.stringify({ query: 'mutation { projectDelete(id: "p2") }' }))), [['projectDelete', 'p2']]);
		});
		it('reads a form body and a URL query string', () => {
			assert.deepEqual(found('query=mutation%20%7B%20deleteTeam(id%3A%20%22t1%22)%20%7B%20ok%20%7D%20%7D'), [['deleteTeam', 't1']]);
			assert.deepEqual(found('query=mutation { deleteTeam(id: "t2") { ok } }&variables={}'), [['deleteTeam', 't2']]);
		});
		it('reads a bare document (application/graphql)', () => {
			assert.deepEqual(found('mutation DeleteProject {\n  projectDelete(id: "prj-1")\n}'), [['projectDelete', 'prj-1']]);
		});
		it('reads a multipart operations field', () => {
			assert.deepEqual(found('operations={"query":"mutation { fileDelete(id: \\"f1\\") }"}'), [['fileDelete', 'f1']]);
		});
		it('reads a Python dict literal', () => {
			assert.deepEqual(found(`json={'query': 'mutation($id: String!) { volumeDelete(volumeId: $id) }', 'variables': {'id': 'py-1'}}, headers={'Authorization': 'Bearer x'}`), [['volumeDelete', 'py-1']]);
		});
		it('reads a JS object literal with a template string', () => {
			assert.deepEqual(found('{method: "POST", body: JSON.stringify({query: `mutation { volumeDelete(volumeId: "js-1") }`})}'), [['volumeDelete', 'js-1']]);
		});
		it('reads JS variables given as an object literal', () => {
			assert.deepEqual(found('{body: JSON.stringify({query: "mutation($id:String!){volumeDelete(volumeId:$id)}", variables: { id: "js-2" }})}'), [['volumeDelete', 'js-2']]);
		});
		it('reads wrongly nested quotes from the mutation keyword on', () => {
			assert.deepEqual(found('{"query":"mutation { volumeDelete(volumeId: "abc") }"}'), [['volumeDelete', 'abc']]);
		});
		it('lists the string literals of code', () => {
			assert.deepEqual(stringLiterals(`a = 'x\\'y'; b = "z"; c = """t"""`), ["x'y", 'z', 't']);
		});
	});

	describe('judging the document', () => {
		it('finds aliased fields and every target', () => {
			const deletions = mutationDeletions({ query: 'mutation { a: volumeDelete(volumeId: "v1") b: volumeDelete(volumeId: "v2") createThing { id } }' });
			assert.deepEqual(deletions.map((d) => d.targets[0]), ['v1', 'v2']);
		});
		it('ranks id arguments before names and searches input objects', () => {
			assert.deepEqual(found('mutation { deleteProject(input: {name: "web", projectId: "p-9"}) { ok } }'), [['deleteProject', 'p-9']]);
			assert.deepEqual(found('mutation { dropDatabase(name: "analytics") }'), [['dropDatabase', 'analytics']]);
		});
		it('resolves variables, including input objects and default values', () => {
			assert.deepEqual(mutationDeletions({ query: 'mutation($input: X!) { removeMember(input: $input) { ok } }', variables: { input: { memberId: 'm1' } } })[0].targets, ['m1']);
			assert.deepEqual(mutationDeletions({ query: 'mutation($id: ID = "dflt") { deleteUser(id: $id) }' })[0].targets, ['dflt']);
		});
		it('uses the field name when nothing identifies the target', () => {
			assert.deepEqual(found('mutation { resetDatabase }'), [['resetDatabase', 'resetDatabase']]);
			assert.deepEqual(found('mutation($id: ID!) { deleteUser(id: $id) }'), [['deleteUser', 'deleteUser']]);
		});
		it('follows fragments on the mutation root', () => {
			assert.deepEqual(found('mutation { ...Cleanup } fragment Cleanup on Mutation { serviceDelete(id: "s1") }'), [['serviceDelete', 's1']]);
		});
		it('fails closed on an invalid mutation that names a deletion', () => {
			const [deletion] = graphqlDeletions('{"query":"mutation { volumeDelete(volumeId: \\"abc\\" }"}');
			assert.equal(deletion.field, 'volumeDelete');
			assert.equal(deletion.parsed, false);
		});
		it('leaves queries, creations and prose alone', () => {
			assert.deepEqual(found('{"query":"query { volumes { id } }"}'), []);
			assert.deepEqual(found('{"query":"mutation { volumeCreate(input: {projectId: \\"p\\"}) { id } }"}'), []);
			assert.deepEqual(found('{"messages":[{"content":"How do I write mutation { deleteProject }?"}]}'), []);
			assert.deepEqual(found('{"query":"subscription { volumeDeleted { id } }"}'), []);
			assert.deepEqual(found('plain text without a document'), []);
		});
	});
});
