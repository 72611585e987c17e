/**
 * Platforms: Railway, Heroku, Fly, Vercel, Netlify, Render, Supabase, Firebase, Cloudflare, GitHub, npm.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const paasPack: RulePack = {
	name: 'paas',
	description: 'Platforms: Railway, Heroku, Fly, Vercel, Netlify, Render, Supabase, Firebase, Cloudflare, GitHub, npm.',
	rules,
};
