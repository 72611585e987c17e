import { describe } from 'node:test';
import { severityCase, useEngine, verdictCase } from '../../helpers';

useEngine();

const t = verdictCase;
const severity = severityCase;
const prod = { production: true };

describe('registries pack', () => {
	t('crane delete registry/app@sha256:abc', 'confirm', 'registry/app@sha256:abc', 'registries:crane');
	t('crane --insecure delete localhost:5000/app:1', 'confirm', 'localhost:5000/app:1');
	t('crane ls registry/app', 'allow');
	t('skopeo delete docker://r/app:1', 'confirm', 'docker://r/app:1', 'registries:skopeo');
	t('skopeo inspect docker://r/app:1', 'allow');
	t('regctl tag delete r/app:1', 'confirm', 'r/app:1', 'registries:regctl');
	t('regctl image delete r/app:1', 'confirm', 'r/app:1');
	t('regctl tag ls r/app', 'allow');
	t('oras manifest delete r/a:1', 'confirm', 'r/a:1');
	t("jf rt del 'libs/*'", 'confirm', 'libs/*', 'registries:jfrog');
	t("jf rt del --dry-run 'libs/*'", 'allow');
	severity('jf rt repo-delete docker-local', 'critical');
	t('cosign clean r/app:1', 'allow');
	t('cosign clean r/app:1', 'confirm', 'r/app:1', 'registries:cosign', prod);
});
