// Flat config: js recommended + typescript-eslint, with the house rules from docs/decisions.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'out-*/**', 'test/fixtures/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: {
			curly: 'error',
			eqeqeq: ['error', 'smart'],
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
	{
		// The engine runs in the CLI and the hooks too: it must never import the editor.
		files: ['src/engine/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/engine is pure: no vscode import.' }] }] },
	},
	{
		// node:test's describe/it return promises that the runner itself awaits.
		files: ['test/unit/**/*.ts', 'test/agents/**/*.ts'],
		rules: { '@typescript-eslint/no-floating-promises': 'off' },
	},
	{
		files: ['**/*.js', '**/*.mjs', 'bin/terminal-guard'],
		rules: { '@typescript-eslint/no-require-imports': 'off' },
		languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
	},
);
