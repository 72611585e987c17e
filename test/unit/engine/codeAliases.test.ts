/**
 * Interpreter one-liners that reach a shell by a road the call patterns do not read — an alias
 * (`import subprocess as s; f = s.run`), `__import__('os').system`, a destructured `execSync: x`, or code
 * run from a string (`exec('…')`, `eval("…")`) — were allowed. When code can run programs at all, each of its
 * string literals that reads as a command line is judged as one, and code in `exec`/`eval` strings is read as
 * code of the same language. Code that cannot run programs is not read this way.
 */
import { describe } from 'node:test';
import { useEngine, verdictCase } from '../helpers';

useEngine();

describe('code that runs programs through aliases or strings', () => {
	verdictCase(`python3 -c "__import__('os').system('rm -rf /srv/data')"`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`python3 -c "import subprocess as s; f = s.run; f('rm -rf /srv/data', shell=True)"`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`python3 -c "exec('import shutil\\nshutil.rmtree(\\"/srv/data\\")')"`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`node -e "const {execSync: x} = require('child_process'); x('rm -rf /srv/data')"`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`node -e "eval(\\"require('fs').rmSync('/srv/data',{recursive:true})\\")"`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`python3 -c "import os; print(os.system('ls -la'))"`, 'allow');
	verdictCase(`node -e "const {execSync} = require('child_process'); console.log(execSync('git log --oneline -3').toString())"`, 'allow');
	verdictCase(`python3 -c "import json; print(json.dumps({'a': 'rm -rf /srv/data'}))"`, 'allow');
});
