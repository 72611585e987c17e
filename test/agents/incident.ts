/** The incident's command: an agent's `curl` that deletes a production volume through Railway's API. */
export const INCIDENT = 'curl -s https://backboard.railway.com/graphql/v2 -H "Authorization: Bearer $RAILWAY_TOKEN" -d \'{"query":"mutation { volumeDelete(volumeId: \\"3d1c\\") }"}\'';
