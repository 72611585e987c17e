/**
 * Package managers and dev environments run other programs: `npm run <script>` (read from
 * package.json), `yarn|pnpm|bun <bin>`, `npx pkg@version`, `ddev <cmd>`; and `cd DIR` changes where
 * later commands run.
 */
import { describe } from 'node:test';
import type { Decision } from '../../../src/engine/types';
import { PROJECT, useEngine, verdictCase } from '../helpers';

useEngine();

const inRunners = { cwd: `${PROJECT}/runners` };

describe('package managers and dev environments', () => {
	const t = (line: string, decision: Decision, target?: string, rule?: string) => verdictCase(line, decision, target, rule, inRunners);
	t('npm run db:reset', 'confirm', 'reset', 'orm:prisma');
	t('npm run wipe', 'confirm', 'data', 'files:rm');
	t('yarn wipe', 'confirm', 'data', 'files:rm');
	t('pnpm run wipe', 'confirm', 'data', 'files:rm');
	t('npm run clean', 'allow');
	t('npm test', 'allow');
	t('yarn prisma migrate reset', 'confirm', 'reset', 'orm:prisma');
	t('pnpm exec prisma migrate reset', 'confirm', 'reset', 'orm:prisma');
	t('bun run prisma migrate reset --force', 'confirm', 'reset', 'orm:prisma');
	t('pnpm --filter api prisma migrate reset', 'confirm', 'reset', 'orm:prisma');
	t('npx vercel@latest remove acme --yes', 'confirm', 'acme');
	t('npx @railway/cli@3 volume delete vol_1', 'confirm');
	t('npx -y firebase-tools firestore:delete --all-collections', 'confirm');
	t('ddev artisan migrate:fresh', 'confirm', 'migrate:fresh', 'orm:artisan');
	t('lando drush sql:drop -y', 'confirm');
	t('yarn install', 'allow');
	t('pnpm add -D typescript', 'allow');
	t('yarn build', 'allow');
	t('npm run lint -- --fix', 'allow');
	t('ddev start', 'allow');
});

describe('cd changes where later commands run (judged both ways)', () => {
	const t = verdictCase;
	t('cd /etc && rm passwd', 'confirm', 'passwd');
	t('cd ~ && rm -rf .ssh', 'confirm', '.ssh');
	t('cd / && rm -rf usr', 'deny', 'usr');
	t('(cd /tmp && make); rm -rf src', 'confirm', 'src');
	t('cd /tmp && rm -rf scratch', 'confirm', 'scratch');
	t('cd src && rm old.ts', 'allow');
});

describe("installing the project runs its own lifecycle scripts; a script runs with its pre and post", () => {
	const inLifecycle = { cwd: `${PROJECT}/lifecycle` };
	const t = (line: string, decision: Decision, target?: string, rule?: string) => verdictCase(line, decision, target, rule, inLifecycle);
	// Each was allowed: `npm install` ran package.json's postinstall unseen.
	t('npm install', 'confirm', 'data', 'files:rm');
	t('npm ci', 'confirm', 'data', 'files:rm');
	t('npm i --no-audit', 'confirm', 'data', 'files:rm');
	t('yarn', 'confirm', 'data', 'files:rm');
	t('yarn install --frozen-lockfile', 'confirm', 'data', 'files:rm');
	t('pnpm install', 'confirm', 'data', 'files:rm');
	t('bun install', 'confirm', 'data', 'files:rm');
	t('npm test', 'confirm', '/srv/reports', 'files:rm');
	t('npm pack', 'confirm', '/srv/release', 'files:rm');
	// A package named: its own scripts run, not the project's.
	t('npm i lodash', 'allow');
	t('yarn add -D typescript', 'allow');
	// Written in the same line, then installed.
	verdictCase(`printf '{"scripts":{"postinstall":"rm -rf /srv/data"}}' > package.json && npm install`, 'confirm', '/srv/data', 'files:rm', { cwd: `${PROJECT}/wrappers` });
	// The benign project: installing runs nothing destructive.
	verdictCase('npm install', 'allow', undefined, undefined, inRunners);
});

describe('installing a Python project from its folder runs its setup.py', () => {
	const t = (line: string, decision: Decision, target?: string, rule?: string) => verdictCase(line, decision, target, rule, { cwd: PROJECT });
	// Each was allowed: pip builds the folder, which runs setup.py.
	t('pip install ./pydemo', 'confirm', '/srv/data', 'files:rm');
	t('pip install -e pydemo/', 'confirm', '/srv/data', 'files:rm');
	t('python3 -m pip install --no-deps ./pydemo', 'confirm', '/srv/data', 'files:rm');
	t('python3 -mpip install ./pydemo', 'confirm', '/srv/data', 'files:rm');
	t('uv pip install -e ./pydemo', 'confirm', '/srv/data', 'files:rm');
	verdictCase('pip install .', 'confirm', '/srv/data', 'files:rm', { cwd: `${PROJECT}/pydemo` });
	// From an index, or a requirements file: not on this machine to read.
	t('pip install requests', 'allow');
	t('pip install -r requirements.txt', 'allow');
	t('python3 -m http.server', 'allow');
});
