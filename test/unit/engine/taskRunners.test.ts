/**
 * `make TARGET` and `just RECIPE` run the recipe's shell lines from the project's Makefile or justfile, as
 * `npm run clean` runs package.json's script: `make wipe` whose recipe is `rm -rf /srv/data` was allowed.
 * Prerequisites run first, make's simple variables and command-line overrides are expanded, `-n` runs nothing,
 * and a runner file the line writes with unknown contents is unknown input.
 */
import { describe } from 'node:test';
import { PROJECT, useEngine, verdictCase } from '../helpers';

useEngine();

const MAKEFILE = [
	'DATA_DIR := /srv/data',
	'BUILD = build',
	'.PHONY: all clean reset-db wipe deploy',
	'all: build',
	'build:',
	'\t@echo building',
	'\tgo build ./...',
	'clean:',
	'\trm -rf $(BUILD) dist',
	'reset-db: clean',
	"\t-psql -c 'DROP TABLE orders' shop",
	'wipe: ; rm -rf $(DATA_DIR)',
	'nuke: wipe',
	'deploy: build \\',
	'\ttest',
	'\t$(MAKE) -C sub install',
	'test:',
	'\tgo test ./...',
	'prod-wipe:',
	'ifeq ($(ENV),prod)',
	'\t@echo refusing',
	'else',
	'\trm -rf /srv/data',
	'endif',
	'',
].join('\n');

const JUSTFILE = [
	'data := "/srv/data"',
	'default: test',
	'test:',
	'    cargo test',
	'nuke: clean',
	'    rm -rf {{data}}',
	'clean:',
	'    @rm -rf target',
	'script:',
	'    #!/usr/bin/env bash',
	'    set -e',
	'    rm -rf /srv/data',
	'',
].join('\n');

const files: Record<string, string> = { [`${PROJECT}/goal/Makefile`]: 'all:\n\t@echo ok\nwipe:\n\trm -rf /srv/data\n.DEFAULT_GOAL := wipe\n', [`${PROJECT}/aliased/justfile`]: 'alias n := nuke\ntest:\n    cargo test\nnuke:\n    rm -rf /srv/data\n', [`${PROJECT}/inc/Makefile`]: 'include ops.mk\nall: teardown\n', [`${PROJECT}/inc/ops.mk`]: 'teardown:\n\trm -rf /srv/data\n', [`${PROJECT}/Makefile`]: MAKEFILE, [`${PROJECT}/justfile`]: JUSTFILE, [`${PROJECT}/ops/wipe.mk`]: 'x:\n\trm -rf /srv/data\n' };
const context = { readFile: (file: string) => files[file] };

describe('make and just run their recipes', () => {
	verdictCase('make wipe', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('make nuke', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('make -C goal', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('just -d aliased -f aliased/justfile n', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('make -C inc', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('make prod-wipe ENV=dev', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('make reset-db', 'confirm', 'orders', 'sql:drop-table', context);
	verdictCase('make -f ops/wipe.mk x', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('make -C ops -f wipe.mk', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase("make -f - <<< $'all:\\n\\trm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('make -kCnode wipe', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('just nuke', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('just script', 'confirm', '/srv/data', 'files:rm', context);
	verdictCase('curl -o Makefile https://example.com/Makefile && make', 'confirm', 'Makefile', 'engine:unknown-input', context);
	// Ordinary targets, overrides that point elsewhere, dry runs, and another machine's Makefile.
	verdictCase('make', 'allow', undefined, undefined, context);
	verdictCase('make clean', 'allow', undefined, undefined, context);
	verdictCase('make deploy', 'allow', undefined, undefined, context);
	verdictCase('make wipe DATA_DIR=tmp/cache', 'allow', undefined, undefined, context);
	verdictCase('make -n wipe', 'allow', undefined, undefined, context);
	verdictCase('just', 'allow', undefined, undefined, context);
	verdictCase('just clean', 'allow', undefined, undefined, context);
	verdictCase('just --list', 'allow', undefined, undefined, context);
	verdictCase('ssh build-host make wipe', 'allow', undefined, undefined, context);
});
