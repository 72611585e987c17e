import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { expectVerdict, fixtureReadFile, useEngine, verdictCase } from '../../helpers';

useEngine();

describe('git pack', () => {
	const t = verdictCase;

	describe('force push', () => {
		t('git push --force origin main', 'confirm', 'main', 'git:push-force');
		t('git push -f origin feature/login', 'confirm', 'feature/login', 'git:push-force');
		t('git push origin feature/login -f', 'confirm', 'feature/login', 'git:push-force');
		t('git push origin +feature/login', 'confirm', 'feature/login', 'git:push-force');
		t('git push origin +HEAD:refs/heads/release/2.1', 'confirm', 'refs/heads/release/2.1', 'git:push-force');
		t('git push -f origin HEAD:main', 'confirm', 'main', 'git:push-force');
		t('git push --force upstream', 'confirm', 'upstream', 'git:push-force');
		t('git push -f', 'confirm', 'HEAD', 'git:push-force');
		t('git push --force --all origin', 'confirm', 'origin', 'git:push-force');
		t('git push origin main --force-with-lease --force', 'confirm', 'main', 'git:push-force');
		t('git -C ../api push -f origin main', 'confirm', 'main');
		t('git -c core.sshCommand="ssh -i ~/.ssh/deploy" push --force origin prod', 'confirm', 'prod');
		t('git --no-pager --git-dir=../x/.git push -f origin dev', 'confirm', 'dev');
		t('sudo -u deploy git push -f origin master', 'confirm', 'master');
		t('env GIT_SSH_COMMAND="ssh -i k" git push -f origin topic', 'confirm', 'topic');
		t('bash -c "git push --force origin main"', 'confirm', 'main');
		t("ssh build@ci 'cd /srv/repo && git push -f origin main'", 'confirm', 'main');
		t('hub push -f origin main', 'confirm', 'main');
		it('a protected branch is critical, a topic branch high', () => {
			assert.equal(expectVerdict('git push -f origin main', 'confirm', 'main').severity, 'critical');
			assert.equal(expectVerdict('git push -f origin release/1.4', 'confirm', 'release/1.4').severity, 'critical');
			assert.equal(expectVerdict('git push -f origin feature/x', 'confirm', 'feature/x').severity, 'high');
		});
		it('a bare force push from a checked-out main is critical (read from .git/HEAD)', () => {
			const readFile = (abs: string) => (abs === '/home/dev/project/.git/HEAD' ? 'ref: refs/heads/main\n' : fixtureReadFile(abs));
			const v = expectVerdict('git push --force', 'confirm', 'HEAD', 'git:push-force', { readFile });
			assert.equal(v.severity, 'critical');
			assert.match(v.reason, /main/);
		});
		it('the checked-out branch is found from a subdirectory', () => {
			const readFile = (abs: string) => (abs === '/home/dev/project/.git/HEAD' ? 'ref: refs/heads/feature/x\n' : undefined);
			const v = expectVerdict('git push -f origin HEAD', 'confirm', 'HEAD', 'git:push-force', { readFile, cwd: '/home/dev/project/src/lib' });
			assert.equal(v.severity, 'high');
		});
	});

	describe('remote deletions', () => {
		t('git push origin --delete feature/x', 'confirm', 'feature/x', 'git:push-delete');
		t('git push -d origin old-branch', 'confirm', 'old-branch', 'git:push-delete');
		t('git push origin :old-branch', 'confirm', 'old-branch', 'git:push-delete');
		t('git push origin --delete tag v1.0', 'confirm', 'v1.0', 'git:push-delete');
		t('git push origin :refs/tags/v1.0', 'confirm', 'refs/tags/v1.0', 'git:push-delete');
		t('git push --prune origin', 'confirm', 'origin', 'git:push-delete');
		t('git push --mirror git@github.com:acme/api.git', 'confirm', 'git@github.com:acme/api.git', 'git:push-mirror');
		// send-pack, the plumbing under push, forces, deletes and mirrors the same way.
		t('git send-pack --force origin main', 'confirm', 'main', 'git:push-force');
		t('git send-pack origin +main', 'confirm', 'main', 'git:push-force');
		t('git send-pack origin :feature', 'confirm', 'feature', 'git:push-delete');
		t('git send-pack --mirror ../backup.git', 'confirm', '../backup.git', 'git:push-mirror');
		t('git send-pack origin main', 'allow');
		it('deleting main on the remote is critical', () => {
			assert.equal(expectVerdict('git push origin --delete main', 'confirm', 'main').severity, 'critical');
		});
	});

	describe('working tree', () => {
		t('git reset --hard', 'confirm', 'HEAD', 'git:reset-hard');
		t('git reset --hard origin/main', 'confirm', 'origin/main', 'git:reset-hard');
		t('git reset -q --hard HEAD~3', 'confirm', 'HEAD~3', 'git:reset-hard');
		t("ssh prod 'cd /srv/app && git reset --hard HEAD~1'", 'confirm', 'HEAD~1');
		t('git clean -fdx', 'confirm', '.', 'git:clean');
		// In another repository (`-C`), the folder git runs in is what goes, not `.`.
		t('git -C /srv/repo clean -fdx', 'confirm', '/srv/repo', 'git:clean');
		t('git -C /srv/repo clean -fd src', 'confirm', '/srv/repo/src', 'git:clean');
		t('git -C ../api checkout -- .', 'confirm', '../api', 'git:discard-changes');
		t('git -C ../api restore :/', 'confirm', ':/', 'git:discard-changes');
		t('git clean -f', 'confirm', '.', 'git:clean');
		t('git clean --force -d -- src/generated', 'confirm', 'src/generated', 'git:clean');
		t('git clean -fd -e .env', 'confirm', '.', 'git:clean');
		t('git checkout -- .', 'confirm', '.', 'git:discard-changes');
		t('git checkout .', 'confirm', '.', 'git:discard-changes');
		t('git checkout HEAD~1 .', 'confirm', '.', 'git:discard-changes');
		t('git checkout -f', 'confirm', 'HEAD', 'git:discard-changes');
		t('git checkout -f main', 'confirm', 'main', 'git:discard-changes');
		t('git restore .', 'confirm', '.', 'git:discard-changes');
		t('git restore --staged --worktree .', 'confirm', '.', 'git:discard-changes');
		t('git restore -s HEAD~1 -- src/', 'confirm', 'src/', 'git:discard-changes');
		t('git switch --discard-changes main', 'confirm', 'main', 'git:discard-changes');
		t('git rm -rf .', 'confirm', '.', 'git:rm-force');
	});

	describe('branches, stash, history', () => {
		t('git branch -D feature/x', 'confirm', 'feature/x', 'git:branch-delete');
		t('git branch --delete --force old', 'confirm', 'old', 'git:branch-delete');
		t('git branch -D $(git branch | grep feature)', 'confirm', '$(git branch | grep feature)');
		t('git branch | grep feature/ | xargs git branch -D', 'confirm', 'branch', 'git:branch-delete');
		t('git branch -r --merged | sed "s#origin/##" | xargs git push origin --delete', 'confirm', 'origin', 'git:push-delete');
		t('git stash clear', 'confirm', 'stash', 'git:stash-clear');
		t('git filter-branch --tree-filter "rm -f secrets.txt" -- --all', 'confirm', 'filter-branch', 'git:filter-branch');
		t('git filter-repo --path secrets/ --invert-paths --force', 'confirm', 'filter-repo', 'git:filter-branch');
		t('git-filter-repo --strip-blobs-bigger-than 10M', 'confirm', 'filter-repo', 'git:history-rewrite-tool');
		t('bfg --delete-files id_rsa my-repo.git', 'confirm', 'my-repo.git', 'git:history-rewrite-tool');
		t('git reflog expire --expire=now --all', 'confirm', 'reflog', 'git:reflog-expire');
		t('git gc --prune=now --aggressive', 'confirm', 'gc', 'git:gc-prune-now');
		t('git worktree remove --force ../wt-feature', 'confirm', '../wt-feature', 'git:worktree-remove-force');
		t('git update-ref -d refs/heads/tmp', 'confirm', 'refs/heads/tmp', 'git:update-ref-delete');
		t('glab repo delete acme/old-site --yes', 'confirm', 'acme/old-site', 'git:repo-delete');
	});

	describe('medium: allowed, confirmed in production', () => {
		t('git branch -d feature/x', 'allow');
		t('git stash drop', 'allow');
		t('git tag -d v1.0', 'allow');
		t('git checkout -- src/app.ts', 'allow');
		t('git checkout -B main origin/main', 'allow');
		t('git prune', 'allow');
		t('git branch -d feature/x', 'confirm', 'feature/x', 'git:branch-delete', { production: true });
		t('git stash drop stash@{2}', 'confirm', 'stash@{2}', 'git:stash-drop', { production: true });
		t('git tag -d v1.0', 'confirm', 'v1.0', 'git:tag-delete', { production: true });
		t('git checkout -B main origin/main', 'confirm', 'main', 'git:branch-force-reset', { production: true });
		t('git reflog delete HEAD@{1}', 'confirm', 'HEAD@{1}', 'git:reflog-expire', { production: true });
		t('git submodule deinit -f --all', 'confirm', 'all submodules', 'git:submodule-deinit-force', { production: true });
	});

	describe('hard negatives', () => {
		t('git push --force-with-lease', 'allow');
		t('git push --force-with-lease origin main', 'allow');
		t('git push --force-with-lease=main:abc123 origin main', 'allow');
		t('git push --force-with-lease --force-if-includes origin feature/x', 'allow');
		t('git push --dry-run --force origin main', 'allow');
		t('git push -u origin feature/login', 'allow');
		t('git push origin v1.2.0', 'allow');
		t('git status', 'allow');
		t('git log --grep="force push"', 'allow');
		t('git commit -m "stop force pushing"', 'allow');
		t('echo "git reset --hard"', 'allow');
		t('git reset --soft HEAD~1', 'allow');
		t('git reset HEAD file.txt', 'allow');
		t('git reset --keep HEAD~1', 'allow');
		t('git clean -n -fd', 'allow');
		t('git clean -ndx', 'allow');
		t('git clean -i', 'allow');
		t('git checkout main', 'allow');
		t('git checkout feature/x', 'allow');
		t('git checkout -b feature/new', 'allow');
		t('git checkout -p', 'allow');
		t('git restore --staged .', 'allow');
		t('git switch -c fix/typo', 'allow');
		t('git rm -r --cached .', 'allow');
		t('git rm -r --cached node_modules', 'allow');
		t('git stash', 'allow');
		t('git stash pop', 'allow');
		t('git gc', 'allow');
		t('git reflog expire --expire=90.days.ago --all', 'allow');
		t('git worktree remove ../wt', 'allow');
		t('git filter-repo --analyze', 'allow');
		t('git branch -r -d origin/stale', 'allow');
		t('git fetch --prune', 'allow');
		t('git reset --help', 'allow');
		t("git config --global alias.pf 'push --force'", 'allow');
		t('gh repo view acme/api', 'allow');
	});
	describe('peers\' lines: checkout -f with -b, --pathspec-from-file, update-ref --delete', () => {
		t('git checkout -f -b topic', 'confirm', 'topic', 'git:discard-changes');
		t('git checkout --force -b topic', 'confirm', 'topic', 'git:discard-changes');
		t('git checkout -b topic', 'allow');
		t('git checkout HEAD --pathspec-from-file=list.txt', 'confirm', 'list.txt', 'git:discard-changes');
		t('git checkout --pathspec-from-file list.txt', 'confirm', 'list.txt', 'git:discard-changes');
		t('git update-ref --delete refs/heads/topic', 'confirm', 'refs/heads/topic', 'git:update-ref-delete');
		t('git update-ref refs/heads/topic HEAD~1', 'allow');
		t('git rm -f *', 'confirm', '*', 'git:rm-force');
		t('git rm -f README.md', 'allow');
	});
});
