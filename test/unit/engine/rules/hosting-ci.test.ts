import { describe } from 'node:test';
import { severityCase, useEngine, verdictCase } from '../../helpers';

useEngine();

const t = verdictCase;
const severity = severityCase;
const prod = { production: true };

describe('hosting-ci pack', () => {
	t('glab release delete v1', 'confirm', 'v1', 'hosting-ci:glab');
	t('glab variable delete K', 'allow');
	t('glab release list', 'allow');
	t('hub delete acme/app', 'confirm', 'acme/app', 'hosting-ci:hub-delete');
	t('gitlab-rake gitlab:backup:restore BACKUP=123_2024', 'confirm', '123_2024', 'hosting-ci:gitlab-rake');
	t('gitlab-rake gitlab:cleanup:project_uploads DRY_RUN=false', 'confirm', 'gitlab:cleanup:project_uploads');
	t('gitlab-rake gitlab:cleanup:project_uploads', 'allow');
	t('gitlab-rake gitlab:backup:create', 'allow');
	t('gitlab-ctl cleanse', 'confirm', 'cleanse', 'hosting-ci:gitlab-ctl');
	severity('gitlab-ctl cleanse', 'critical');
	severity('dog monitor delete 1', 'high', true);
	t('gitlab-rails runner "Project.destroy_all"', 'confirm', 'Project', 'hosting-ci:gitlab-rails-runner');
	t('gitlab-rails runner "puts Project.count"', 'allow');
	t('java -jar jenkins-cli.jar -s http://j/ delete-job build', 'confirm', 'build', 'hosting-ci:jenkins');
	t('java -jar jenkins-cli.jar -s http://j/ list-jobs', 'allow');
	t('java -jar app.jar delete-job build', 'allow');
	t('circleci context delete github acme prod', 'confirm', 'prod', 'hosting-ci:circleci');
	t('dvc destroy -f', 'confirm', '.dvc', 'hosting-ci:dvc');
	t('dvc gc -w -c', 'confirm', 'remote storage');
	t('dvc gc -w -c --dry', 'allow');
	t('fastly service delete -s abc --force', 'confirm', 'abc', 'hosting-ci:fastly');
	t('fastly backend delete --name o --version 3', 'allow');
	t('apigeecli apis delete --name my-api', 'confirm', 'my-api', 'hosting-ci:apigee');
	t('deck gateway reset -f', 'confirm', 'reset', 'hosting-ci:deck');
	t('deck gateway sync kong.yaml', 'allow');
	t('deck gateway sync kong.yaml', 'confirm', 'kong.yaml', 'hosting-ci:deck', prod);
	t('ldcli flags delete --project p --flag f', 'confirm', 'f', 'hosting-ci:feature-flags');
	t('ldcli flags archive f --project p', 'allow');
	t('split -b 10M big.iso part_', 'allow');
	t('pd service delete P1', 'confirm', 'P1', 'hosting-ci:monitoring');
	t('dog monitor delete 1', 'allow');
	t('splunk remove index main', 'confirm', 'main', 'hosting-ci:splunk');
	t('splunk clean eventdata -f', 'confirm', 'all indexes');
	t('splunk list index', 'allow');
});
