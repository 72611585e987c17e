/**
 * Rules see the commands that run before, in the same line: a destroy plan applied right after it
 * is made, a production context switched to before a deletion.
 */
import { describe } from 'node:test';
import { useEngine, verdictCase } from '../helpers';

useEngine();

describe('earlier commands in the same line', () => {
	verdictCase('terraform plan -destroy -out=tfplan && terraform apply tfplan', 'confirm', 'tfplan', 'iac:terraform-destroy');
	verdictCase('terraform plan -destroy -out tfplan; terraform apply -auto-approve tfplan', 'confirm', 'tfplan', 'iac:terraform-destroy');
	verdictCase('terraform plan -out=tfplan && terraform apply tfplan', 'allow');
	verdictCase('terraform plan -destroy -out=a.plan && terraform apply b.plan', 'allow');
	verdictCase('kubectl config use-context prod && kubectl delete pod web-1', 'confirm', 'web-1', 'kubernetes:delete');
	verdictCase('kubectx prod-eu && kubectl delete deploy api', 'confirm', 'api', 'kubernetes:delete');
	verdictCase('kubectl config use-context dev && kubectl delete pod web-1', 'allow');
	verdictCase('kubectl delete pod web-1 && kubectl config use-context prod', 'allow');
});
