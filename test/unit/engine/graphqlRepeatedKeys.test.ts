/**
 * A request that names its GraphQL document twice — a JSON object with `query` twice (or once escaped,
 * `"qu\u0065ry"`), a form with `query=` twice — is read differently by different servers: JSON.parse keeps the
 * last value, other parsers the first; Go's FormValue takes the first form value, Express's qs a list. The
 * engine read only the last, so the incident's mutation written first, with a harmless query after it, was
 * allowed. Every value counts now.
 */
import { describe } from 'node:test';
import { useEngine, verdictCase } from '../helpers';

useEngine();

const RAILWAY = 'https://backboard.railway.com/graphql/v2';
const MUTATION = 'mutation { volumeDelete(volumeId: \\"v1\\") }';

describe('a GraphQL document named twice in one request', () => {
	verdictCase(`curl ${RAILWAY} -d '{"query":"${MUTATION}", "query":"{ me { id } }"}'`, 'confirm', 'v1', 'http:graphql-delete');
	verdictCase(`curl ${RAILWAY} -d '{"qu\\u0065ry":"${MUTATION}", "query":"{ me { id } }"}'`, 'confirm', 'v1', 'http:graphql-delete');
	verdictCase(`curl ${RAILWAY} -d '{"query":"{ me { id } }", "query":"${MUTATION}"}'`, 'confirm', 'v1', 'http:graphql-delete');
	verdictCase(`curl ${RAILWAY} -d 'query=mutation { volumeDelete(volumeId: "v1") }&query={ me { id } }'`, 'confirm', 'v1', 'http:graphql-delete');
	verdictCase(`curl '${RAILWAY}?query=%7Bme%7Bid%7D%7D&query=mutation%20%7B%20volumeDelete(volumeId%3A%20%22v1%22)%20%7D'`, 'confirm', 'v1', 'http:graphql-delete');
	verdictCase(`curl ${RAILWAY} -d '{"query":"{ me { id } }","variables":{"query":"not a document"}}'`, 'allow');
	verdictCase(`curl ${RAILWAY} -d 'query={ me { id } }&query={ projects { edges { node { id } } } }'`, 'allow');
});
