/**
 * Programs that run a shell command named in an option, a config value or an environment variable — a
 * second delivery of the same command. Run here with the real tools (echo in place of rm): `git -c
 * alias.x='!…' x`, `sed '1e …'`, `sed 's/…/…/e'`, `tar --checkpoint-action=exec=…` each ran it. Each line
 * below was allowed before; the command in it is now judged as the shell command it is.
 */
import { describe } from 'node:test';
import { useEngine, verdictCase } from '../helpers';

useEngine();

describe('git runs commands from its config, options and environment', () => {
	verdictCase("git -c alias.x='!rm -rf /srv/data' x", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git -c core.pager='rm -rf /srv/data' log", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git -c core.sshCommand='rm -rf /srv/data' fetch", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git -c filter.x.smudge='rm -rf /srv/data' checkout .", 'confirm', '/srv/data', 'files:rm');
	verdictCase("GIT_SSH_COMMAND='rm -rf /srv/data' git fetch", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git clone --upload-pack='rm -rf /srv/data' host:repo", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git clone 'ext::sh -c rm% -rf% /srv/data'", 'confirm', '/srv/data', 'files:rm');
	// Planted for later: a config value that runs destruction the next time git runs it.
	verdictCase("git config --global alias.cleanup '!rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git config core.pager 'rm -rf /srv/data' && git log", 'confirm', '/srv/data', 'files:rm');
	verdictCase('git -c alias.st=status st', 'allow');
	verdictCase("git -c alias.lg='!git log --oneline' lg", 'allow');
	verdictCase('git -c core.pager=less log', 'allow');
	verdictCase('git config core.editor vim', 'allow');
	verdictCase("git clone 'ext::ssh -W %h:%p bastion' x", 'allow');
});

describe('ssh, rsync, tar, zip, sed, vim, gdb and mongosh run commands from their options', () => {
	verdictCase("ssh -o ProxyCommand='rm -rf /srv/data' host", 'confirm', '/srv/data', 'files:rm');
	verdictCase("ssh -oProxyCommand='rm -rf /srv/data' host uptime", 'confirm', '/srv/data', 'files:rm');
	verdictCase("scp -o 'ProxyCommand rm -rf /srv/data' a host:b", 'confirm', '/srv/data', 'files:rm');
	verdictCase(`rsync -e 'sh -c "rm -rf /srv/data"' a host:b`, 'confirm', '/srv/data', 'files:rm');
	verdictCase("rsync --rsync-path='rm -rf /srv/data' a host:b", 'confirm', '/srv/data', 'files:rm');
	verdictCase("tar -cf /dev/null x --checkpoint=1 --checkpoint-action=exec='rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("tar -xf a.tar --to-command='rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("tar -I 'rm -rf /srv/data' -xf a.tar", 'confirm', '/srv/data', 'files:rm');
	verdictCase("zip x.zip y -T -TT 'rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("sed -n '1e rm -rf /srv/data' notes.txt", 'confirm', '/srv/data', 'files:rm');
	verdictCase("sed 's/.*/rm -rf \\/srv\\/data/e' notes.txt", 'confirm', '/srv/data', 'files:rm');
	verdictCase("vim -c '!rm -rf /srv/data' -c q", 'confirm', '/srv/data', 'files:rm');
	verdictCase("vim +'silent !rm -rf /srv/data' notes.txt", 'confirm', '/srv/data', 'files:rm');
	verdictCase("gdb -batch -ex 'shell rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase(`mongosh --eval "require('child_process').execSync('rm -rf /srv/data')"`, 'confirm', '/srv/data', 'files:rm');
	verdictCase("ssh -o ProxyCommand='ssh -W %h:%p bastion' host uptime", 'allow');
	verdictCase("rsync -e 'ssh -p 2222' -a src/ host:dst/", 'allow');
	verdictCase('tar -czf a.tgz src', 'allow');
	verdictCase("sed -e 's/a/b/' notes.txt", 'allow');
	verdictCase("sed --sandbox '1e rm -rf /srv/data' notes.txt", 'allow');
	verdictCase("vim -c 'set number' notes.txt", 'allow');
	verdictCase("mongosh --eval 'db.users.countDocuments()'", 'allow');
});

describe('git subcommands that run a command they are given', () => {
	verdictCase("git submodule foreach 'rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git submodule --quiet foreach --recursive 'rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git bisect run sh -c 'rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git rebase -x 'rm -rf /srv/data' HEAD~1", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git rebase --exe 'rm -rf /srv/data' HEAD~1", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git filter-branch --tree-filter 'rm -rf /srv/data' HEAD", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git difftool -x 'rm -rf /srv/data' HEAD~1", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git -c alias.x='!rm -rf' x /srv/data", 'confirm', '/srv/data', 'files:rm');
	verdictCase("git submodule foreach 'git status'", 'allow');
	verdictCase('git bisect run make check', 'allow');
});

describe('interpreters whose programs run shell commands', () => {
	verdictCase(`bun -e "require('fs').rmSync('/srv/data',{recursive:true})"`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk -f /dev/stdin <<< 'BEGIN{system("rm -rf /srv/data")}'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk 'BEGIN{print "x" | "rm -rf /srv/data"}'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk 'BEGIN{"rm -rf /srv/data" | getline x}'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase("expect -c 'spawn rm -rf /srv/data; expect eof'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("tclsh <<< 'exec rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase(`lua -e 'os.execute("rm -rf /srv/data")'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`Rscript -e 'unlink("/srv/data", recursive=TRUE)'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`Rscript -e 'system("rm -rf /srv/data")'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`julia -e 'rm("/srv/data", recursive=true)'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase("julia -e 'run(`rm -rf /srv/data`)'", 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk '{print $1 | "sort"}' notes.txt`, 'allow');
});

describe('bubblewrap: the command after its options', () => {
	verdictCase('bwrap --bind / / rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('bwrap --ro-bind /usr /usr --dev /dev --proc /proc --unshare-all -- rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('bwrap --overlay /rw /work /srv rm -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('bwrap --ro-bind /usr /usr --dev /dev --proc /proc ls', 'allow');
});

describe('awk: the values its commands are built from', () => {
	verdictCase(`awk -v c='rm -rf /srv/data' 'BEGIN { system(c) }'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk 'BEGIN { c = "rm -rf /srv/data"; system(c) }'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk 'BEGIN { c = "echo hi"; c = "rm -rf /srv/data"; system(c) }'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk 'BEGIN { system("rm -rf " "/srv/data") }'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk -v d=/srv/data 'BEGIN { system("rm -rf " d) }'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk 'BEGIN { cmd = "sh"; print "rm -rf /srv/data" | cmd }'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`CMD='rm -rf /srv/data' awk 'BEGIN { system(ENVIRON["CMD"]) }'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`gawk --source 'BEGIN { system("rm -rf /srv/data") }'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`awk '{ system($0) }' cmds.txt`, 'confirm', 'cmds.txt');
	verdictCase(`awk 'BEGIN { system("date") }'`, 'allow');
	verdictCase(`awk -F, '{ sum += $3 } END { print sum }' data.csv`, 'allow');
	verdictCase(`awk '{ "date" | getline d; print d }' notes.txt`, 'allow');
	verdictCase(`awk -v OFS=, '{ print $1, $2 }' notes.txt`, 'allow');
	verdictCase("expect -c 'spawn ssh host; expect eof'", 'allow');
	verdictCase("lua -e 'print(1)'", 'allow');
	verdictCase("Rscript -e 'print(1)'", 'allow');
	verdictCase("julia -e 'println(1)'", 'allow');
	verdictCase("bun -e 'console.log(1)'", 'allow');
});

describe('found on review: sed runs its input, git config -f', () => {
	// GNU sed's bare `e` runs each input line; `s///e` runs the line after the substitution (both ran here with echo).
	verdictCase("echo 'rm -rf /srv/data' | sed e", 'confirm', '/srv/data', 'files:rm');
	verdictCase("echo /srv/data | sed 's/^/rm -rf /e'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("sed '1e' list.txt", 'confirm', 'list.txt', 'engine:unknown-input');
	verdictCase("git config -f ~/.gitconfig alias.x '!rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("echo hello | sed 's/hello/bye/'", 'allow');
	verdictCase("echo 'ls -la' | sed e", 'allow');
});

describe('emacs: the Lisp it evaluates', () => {
	verdictCase(`emacs --batch --eval '(delete-directory "/srv/data" t)'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`emacs -Q --batch --eval '(shell-command "rm -rf /srv/data")'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`emacs --batch --eval '(call-process "rm" nil nil nil "-rf" "/srv/data")'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`emacs --batch --eval='(delete-file "/srv/data/db.sqlite")'`, 'confirm', '/srv/data/db.sqlite', 'files:rm');
	verdictCase(`emacs --batch --eval '(message "hello")'`, 'allow');
	verdictCase('emacs -nw notes.txt', 'allow');
});

describe('review: Lisp that builds its command or path from pieces', () => {
	verdictCase(`emacs --batch --eval '(shell-command (concat "rm -rf " "/srv/data"))'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`emacs --batch --eval '(delete-directory (expand-file-name "data" "/srv") t)'`, 'confirm', '/srv/data', 'files:rm');
	verdictCase(`emacs --batch --eval '(delete-file (concat "/srv/" "db.sqlite"))'`, 'confirm', '/srv/db.sqlite', 'files:rm');
	verdictCase(`emacs --batch --eval '(shell-command (concat "ls " "-la"))'`, 'allow');
});

describe('git aliases of git words: `git p` runs what alias.p says', () => {
	// Config files as git would find them: the user's ~/.gitconfig, the repository's .git/config above the folder, a worktree's pointer.
	const files: Record<string, string> = {
		'/home/dev/.gitconfig': '[user]\n\tname = Dev\n[alias]\n\tp = push --force\n\tco = checkout\n[include]\n\tpath = .gitconfig.local\n',
		'/home/dev/.gitconfig.local': '[alias]\n\tnuke = "reset --hard"\n',
		'/home/dev/project/.git/HEAD': 'ref: refs/heads/main\n',
		'/home/dev/project/.git/config': '[core]\n\tbare = false\n[alias]\n\twipe = clean -fdx\n\tbang = !rm -rf /srv/data\n',
		'/home/dev/tree/.git': 'gitdir: /home/dev/project/.git/worktrees/tree\n',
		'/home/dev/project/.git/worktrees/tree/commondir': '../..\n',
	};
	const onDisk = { readFile: (p: string) => files[p] };
	verdictCase('git -c alias.p="push --force" p origin main', 'confirm', 'main', 'git:push-force');
	verdictCase("git -c alias.a=b -c alias.b='push --force' a origin main", 'confirm', 'main', 'git:push-force');
	verdictCase("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.x GIT_CONFIG_VALUE_0='reset --hard' git x", 'confirm', 'HEAD', 'git:reset-hard');
	verdictCase('git p origin main', 'confirm', 'main', 'git:push-force', onDisk);
	verdictCase('git nuke', 'confirm', 'HEAD', 'git:reset-hard', onDisk);
	verdictCase('git wipe', 'confirm', undefined, 'git:clean', onDisk);
	verdictCase('git -C sub/dir wipe', 'confirm', undefined, 'git:clean', onDisk);
	verdictCase('git bang', 'confirm', '/srv/data', 'files:rm', onDisk);
	verdictCase('cd /home/dev/tree && git wipe', 'confirm', undefined, 'git:clean', onDisk);
	// The same alias set earlier in the line, in the repository's config or the user's: `git p` sees it.
	verdictCase("git config alias.p 'push --force'; git p origin main", 'confirm', 'main', 'git:push-force', onDisk);
	verdictCase("git config --global alias.p 'push --force' && git p origin main", 'confirm', 'main', 'git:push-force');
	verdictCase("git config set --file /tmp/gc alias.p 'push --force'; GIT_CONFIG_GLOBAL=/tmp/gc git p origin main", 'confirm', 'main', 'git:push-force');
	// Setting an alias runs nothing (a common set-up step): only using it is judged.
	verdictCase("git config --global alias.pf 'push --force'", 'allow');
	verdictCase("printf '[alias]\\n\\tp = push --force\\n' >> ~/.gitconfig; git p origin main", 'confirm', 'main', 'git:push-force');
	// Look-alikes: an alias of a harmless command, a git command of the same name (git never expands those), no alias at all.
	verdictCase('git co main', 'allow', undefined, undefined, onDisk);
	verdictCase("git -c alias.status='push --force' status", 'allow');
	verdictCase('git config --global alias.co checkout', 'allow');
	verdictCase('git p origin main', 'allow');
	verdictCase('git -c alias.p=p p', 'allow');
});
