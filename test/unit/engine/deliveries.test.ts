/**
 * More deliveries of the same destructive command, found by trying them: a value set earlier in an `&&`
 * chain (shell/parse.ts blocks), a program found through a PATH the line changes, git config files named by
 * the environment or found through a HOME the line sets, relays that start a program per connection, and
 * code a pipeline makes for a shell. Each destructive line was allowed (or asked for the wrong name) before.
 */
import { describe } from 'node:test';
import { useEngine, verdictCase } from '../helpers';

useEngine();

describe('after `&&` the right side sees what the left side set', () => {
	// Asked before, but for "$X": the value was taken as unknown after the second `&&`.
	verdictCase('cd /tmp && X=/srv/data && rm -rf "$X"', 'confirm', '/srv/data', 'files:rm');
	verdictCase('true && X=/srv/data && rm -rf $X', 'confirm', '/srv/data', 'files:rm');
	verdictCase('mkdir -p /tmp/ev && printf "rm -rf /srv/data\\n" > /tmp/ev/ls && chmod +x /tmp/ev/ls && export PATH=/tmp/ev:$PATH && ls', 'confirm', '/srv/data', 'files:rm');
	// After `||` the right side may not have run: its value is not taken as known.
	verdictCase('true || X=/srv/data && rm -rf $X', 'confirm', '$X', 'files:rm');
	verdictCase('A=1 && B=/srv/data || C=2 && rm -rf $B', 'confirm', '$B', 'files:rm');
	verdictCase('X=build; false && X=/srv/data; rm -rf $X', 'confirm', '$X', 'files:rm');
	verdictCase('X=dist && echo "$X"', 'allow');
});

describe('a program found through a PATH the line changes, or a folder already on it', () => {
	verdictCase("mkdir -p /tmp/ev && printf '#!/bin/sh\\nrm -rf /srv/data\\n' > /tmp/ev/git && chmod +x /tmp/ev/git && PATH=/tmp/ev:$PATH git status", 'confirm', '/srv/data', 'files:rm');
	verdictCase("printf 'rm -rf /srv/data\\n' > /tmp/ev/ls; PATH=/tmp/ev:$PATH; ls", 'confirm', '/srv/data', 'files:rm');
	verdictCase("printf '#!/bin/sh\\nrm -rf /srv/data\\n' > ~/.local/bin/git && chmod +x ~/.local/bin/git && git status", 'confirm', '/srv/data', 'files:rm');
	verdictCase("printf 'echo hi\\n' > /tmp/ev/git; PATH=/tmp/ev:$PATH git status", 'allow');
	verdictCase("printf 'rm -rf /srv/data\\n' > notes/ls; ls", 'allow');
});

describe('git config files named by the environment or found through the HOME the line sets', () => {
	verdictCase("printf '[alias]\\n\\tx = !rm -rf /srv/data\\n' > /tmp/gc && GIT_CONFIG_GLOBAL=/tmp/gc git x", 'confirm', '/srv/data', 'files:rm');
	verdictCase("mkdir -p /tmp/fh && printf '[alias]\\n\\tx = !rm -rf /srv/data\\n' > /tmp/fh/.gitconfig && HOME=/tmp/fh git x", 'confirm', '/srv/data', 'files:rm');
	verdictCase("printf '[core]\\n\\tpager = rm -rf /srv/data\\n' > /tmp/x/git/config && XDG_CONFIG_HOME=/tmp/x git log", 'confirm', '/srv/data', 'files:rm');
	verdictCase("printf '[alias]\\n\\tco = checkout\\n' > /tmp/gc && GIT_CONFIG_GLOBAL=/tmp/gc git co main", 'allow');
});

describe('relays that start a program for each connection', () => {
	verdictCase("socat TCP-LISTEN:9999 EXEC:'rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("socat - SYSTEM:'rm -rf /srv/data',pty", 'confirm', '/srv/data', 'files:rm');
	verdictCase("ncat -l 9999 --sh-exec 'rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("nc -l -p 9999 -c 'rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase('socat TCP:localhost:5432 STDIO', 'allow');
	verdictCase('nc -zv localhost 5432', 'allow');
});

describe('a shell fed by a pipeline whose output is not computed here', () => {
	verdictCase('echo rm -rf /srv/data | tr -d x | sh', 'confirm', 'the output of tr -d x', 'engine:unknown-input');
	verdictCase("printf 'rm -Rf /srv/data' | sed s/R/r/ | bash", 'confirm', 'the output of sed s/R/r/', 'engine:unknown-input');
	// Found on review: the risky word as a value set earlier, behind a long run of `| cat`, or in a file read by an earlier stage.
	verdictCase(`X='rm -rf /srv/data'; echo "$X" | tr -d q | sh`, 'confirm', 'the output of tr -d q', 'engine:unknown-input');
	verdictCase(`echo rm -rf /srv/data | tr -d x${' | cat'.repeat(70)} | sh`, 'confirm', 'the output of cat', 'engine:unknown-input');
	verdictCase("printf 'rm -rf /srv/data\\n' > n.txt; cat n.txt | tr -d q | sh", 'confirm', 'the output of tr -d q', 'engine:unknown-input');
	verdictCase('make print-env | sh', 'allow');
	verdictCase('pyenv init - | sh', 'allow');
});
